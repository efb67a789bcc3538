// The wizard's result per client (safety rule 8, docs/safety-rules.md): which clients work now and keep their change,
// which still fail (their change put back, or kept because another client needs it), which wait for
// a fingerprint the user has not confirmed, and which nothing on this machine can fix.
import { useTranslation } from 'react-i18next';
import type { ClientOutcomeRow } from '../../src-main/api/types.ts';
import { Say, usePythonLabel } from '../components/common.tsx';
import { groupedFingerprint } from '../components/PlanView.tsx';
import { shown } from '../../assets/locales/shown.ts';

const BADGE: Record<ClientOutcomeRow['outcome'], string> = {
  works: 'badge badge-current',
  fixed: 'badge badge-current',
  planned: 'badge badge-muted',
  'still-failing': 'badge badge-broken',
  'needs-confirmation': 'badge badge-stale',
  unfixable: 'badge badge-broken',
  refused: 'badge badge-broken',
  'no-repair': 'badge badge-broken',
};

function Explain({ row }: { row: ClientOutcomeRow }): React.JSX.Element | null {
  const { t } = useTranslation();
  switch (row.outcome) {
    case 'works':
      return <p>{t('wizard.outcome.says.works')}</p>;
    case 'fixed':
      return <p>{t('wizard.outcome.says.fixed')}</p>;
    case 'planned':
      return null;
    case 'still-failing':
      return (
        <>
          <p>{t(row.putBack ? 'wizard.outcome.says.putBack' : 'wizard.outcome.says.kept')}</p>
          {row.detail && (
            <code className="python-says" lang="en">
              {shown(row.detail, true)}
            </code>
          )}
        </>
      );
    case 'needs-confirmation':
      return (
        <>
          <p>
            {t('wizard.outcome.says.confirm', {
              names: (row.confirm ?? []).map((c) => c.name).join(', '),
              checkAgain: t('wizard.checkAgain'),
            })}
          </p>
          <ul className="notes">
            {(row.confirm ?? []).map((c) => (
              <li key={c.fingerprint}>
                <span className="cert-name">{shown(c.name)}</span>: SHA-256{' '}
                <code className="fingerprint">{groupedFingerprint(c.fingerprint)}</code>
              </li>
            ))}
          </ul>
        </>
      );
    default:
      return (
        <>
          <p>
            {t(
              row.outcome === 'unfixable'
                ? 'wizard.outcome.says.unfixable'
                : row.outcome === 'refused'
                  ? 'wizard.outcome.says.refused'
                  : 'wizard.outcome.says.noRepair',
            )}
          </p>
          {(row.reasons ?? []).length > 0 && (
            <ul className="notes">
              {(row.reasons ?? []).map((r, i) => (
                <li key={i}>
                  <Say message={r} />
                </li>
              ))}
            </ul>
          )}
          {(row.otherRoutes ?? []).length > 0 && (
            <p>
              {t('wizard.outcome.says.otherRoutes', {
                routes: (row.otherRoutes ?? []).map((k) => t(`repairKind.${k}`)).join(', '),
              })}
            </p>
          )}
          {(row.offered ?? []).length > 0 && (
            <p>{t('wizard.outcome.says.offered', { steps: (row.offered ?? []).join(', ') })}</p>
          )}
        </>
      );
  }
}

export function ClientOutcomes({ clients }: { clients: ClientOutcomeRow[] }): React.JSX.Element {
  const { t } = useTranslation();
  const label = usePythonLabel();
  return (
    <div className="table-scroll static">
      <table className="plain outcomes" data-testid="client-outcomes">
        <caption>{t('wizard.outcome.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wizard.diag.python')}</th>
            <th scope="col">{t('wizard.diag.client')}</th>
            <th scope="col">{t('wizard.outcome.column')}</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((c) => (
            <tr key={`${c.pythonId}-${c.client}`} data-client={c.client} data-outcome={c.outcome}>
              <td>
                <strong>{label({ version: c.pythonVersion, isVenv: c.isVenv })}</strong>
                <div className="muted path">{shown(c.python)}</div>
              </td>
              <td>{c.client}</td>
              <td>
                <span className={BADGE[c.outcome]}>{t(`wizard.outcome.${c.outcome}`)}</span>
                <Explain row={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
