// "Trust this root for every tool": when the diagnosis names an intercepting proxy, the
// wizard offers to make every client found trust that proxy's root, each through its own narrowest
// setting. The offer names the root; the plan lists each tool with the setting it gets (or why none),
// and its steps are the ordinary plan steps the user ticks.
import { useTranslation } from 'react-i18next';
import type { CheckResult, TrustPlanView } from '../../src-main/api/types.ts';
import { Say } from '../components/common.tsx';
import { shown } from '../../assets/locales/shown.ts';

/** The root of the first intercepted row: what the check found the proxy signs with. */
export function interceptedRoot(check: CheckResult): { fingerprint: string; name: string } | null {
  const row = check.rows.find((r) => r.causeCode === 'intercepted' && r.path.length > 0);
  if (!row) return null;
  const fingerprint = row.path[row.path.length - 1]!;
  const link = check.chain.find((c) => c.fingerprint === fingerprint);
  return { fingerprint, name: link?.name ?? row.cause.params?.root?.toString() ?? fingerprint.slice(0, 16) };
}

const grouped = (fp: string): string => fp.match(/.{1,4}/g)?.join(' ') ?? fp;

export function TrustRootOffer({
  check,
  busy,
  onPlan,
}: {
  check: CheckResult;
  busy: boolean;
  onPlan: (fingerprint: string) => void;
}): React.JSX.Element | null {
  const { t } = useTranslation();
  const root = interceptedRoot(check);
  if (!root) return null;
  return (
    <div className="notice notice-info" data-testid="trust-root-offer">
      <p>{t('trustRoot.offer', { name: root.name })}</p>
      <p className="muted fingerprint">SHA-256 {grouped(root.fingerprint)}</p>
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => onPlan(root.fingerprint)}>
          {t('trustRoot.button')}
        </button>
      </div>
    </div>
  );
}

export function TrustClients({ view }: { view: TrustPlanView }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <>
      <p data-testid="trust-root-name">
        {t('trustRoot.root', { name: view.root.name, fingerprint: grouped(view.root.fingerprint) })}
      </p>
      <div className="table-scroll static">
        <table className="plain" data-testid="trust-clients">
          <caption>{t('trustRoot.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('trustRoot.col.client')}</th>
              <th scope="col">{t('trustRoot.col.program')}</th>
              <th scope="col">{t('trustRoot.col.setting')}</th>
            </tr>
          </thead>
          <tbody>
            {view.clients.map((c) => (
              <tr key={`${c.client}|${c.python ?? c.executable}`} data-client={c.client} data-status={c.status}>
                <td>{c.client}</td>
                <td className="path">
                  {shown(c.python ?? c.executable)}
                  {c.version ? <span className="muted"> {shown(c.version)}</span> : null}
                </td>
                <td>
                  {c.route && c.status === 'planned' ? t(`trust:route.${c.route}`) : t(`trustRoot.status.${c.status}`)}
                  {c.steps.length > 0 && <span className="muted"> ({c.steps.join(', ')})</span>}
                  {c.offered.length > 0 && (
                    <span className="muted"> ({t('trustRoot.offeredSteps', { ids: c.offered.join(', ') })})</span>
                  )}
                  {c.reasons.map((r, i) => (
                    <div key={i} className="muted">
                      <Say message={r} />
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
