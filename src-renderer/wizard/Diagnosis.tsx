// Diagnosis: the server's chain as a readable list, each cause once in one plain sentence with who it
// affects (Causes.tsx), then a compact row per interpreter and client: the cause's short name, what
// the interpreter itself said, and what it trusts. With a re-check, the before and after of each row
// side by side.
import { useTranslation } from 'react-i18next';
import type { ChainLink, CheckResult, DiagnosisRow } from '../../src-main/api/types.ts';
import { formatDate, Say, usePythonLabel } from '../components/common.tsx';
import { shown } from '../../assets/locales/shown.ts';
import { CauseCards } from './Causes.tsx';

export function ChainList({ chain }: { chain: ChainLink[] }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  if (chain.length === 0) return <p className="muted">{t('diag.noChain')}</p>;
  return (
    <ol className="chain" aria-label={t('diag.chainLabel')} data-testid="chain">
      {chain.map((c, i) => (
        <li key={c.fingerprint}>
          <span className="chain-role">
            {i === 0 ? t('diag.role.leaf') : c.selfIssued ? t('diag.role.root') : t('diag.role.intermediate')}
          </span>
          <strong className="cert-name">{shown(c.name)}</strong>
          <span className="muted"> · {t('diag.issuedBy', { issuer: c.issuer })}</span>
          <span className={c.expired ? 'danger' : 'muted'}>
            {' · '}
            {c.expired
              ? t('details.expiredOn', { date: formatDate(c.notAfter, i18n.language) })
              : t('details.until', { date: formatDate(c.notAfter, i18n.language) })}
          </span>
          {c.from === 'aia' && <span className="badge badge-muted">{t('diag.fromAia')}</span>}
        </li>
      ))}
    </ol>
  );
}

/** A row's result in the table: the sentence and its notes are said once, in the cause's card. */
function Result({ row }: { row: DiagnosisRow }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <>
      <span className={row.ok ? 'badge badge-current' : 'badge badge-broken'}>
        {row.ok ? t('status.ok') : t('status.fails')}
      </span>{' '}
      {!row.ok && <span className="cause-name">{t(`check:cause.${row.causeCode}`)}</span>}
    </>
  );
}

export function Diagnosis({
  check,
  after,
  undone = false,
}: {
  check: CheckResult;
  after?: CheckResult | null | undefined;
  undone?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  const label = usePythonLabel();
  const later = (r: DiagnosisRow): DiagnosisRow | undefined =>
    after?.rows.find((a) => a.pythonId === r.pythonId && a.client === r.client);
  return (
    <>
      <h3>{t('diag.chainTitle')}</h3>
      <ChainList chain={check.chain} />
      {check.unreachable && (
        <p className="notice notice-error" role="alert">
          <Say message={check.unreachable} />
        </p>
      )}
      {check.interpreterErrors.map((e) => (
        <p key={e.python} className="notice notice-warning">
          <span className="path">{e.python}</span>: <Say message={e.problem} />
        </p>
      ))}
      <h3>{t('wizard.causes.title')}</h3>
      <CauseCards rows={check.rows} />
      <div className="table-scroll static">
        <table className="plain diagnosis" data-testid="diagnosis">
          <caption>{t('wizard.causes.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('wizard.diag.python')}</th>
              <th scope="col">{t('wizard.diag.client')}</th>
              <th scope="col">{after ? t('wizard.diag.before') : t('wizard.diag.result')}</th>
              {after && <th scope="col">{undone ? t('wizard.diag.afterUndo') : t('wizard.diag.after')}</th>}
              <th scope="col">{t('diag.trusts')}</th>
            </tr>
          </thead>
          <tbody>
            {check.rows.map((r) => {
              const a = later(r);
              return (
                <tr
                  key={`${r.pythonId}-${r.client}`}
                  data-client={r.client}
                  data-ok={String(r.ok)}
                  data-after-ok={a ? String(a.ok) : undefined}
                >
                  <td>
                    <strong>{label({ version: r.pythonVersion, isVenv: r.isVenv })}</strong>
                    <div className="muted path">{shown(r.python)}</div>
                  </td>
                  <td>{r.client}</td>
                  <td>
                    <Result row={r} />
                    {r.pythonSays && !r.ok && <code className="python-says">{shown(r.pythonSays, true)}</code>}
                  </td>
                  {after && <td>{a ? <Result row={a} /> : '—'}</td>}
                  <td className="path">{r.trusts === 'os-store' ? t('pythons.osStore') : r.trusts}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
