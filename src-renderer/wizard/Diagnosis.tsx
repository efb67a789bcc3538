// Diagnosis rows: one per interpreter and client, the cause in one sentence, the chain as a list;
// with a re-check, the before/after of each row side by side.
import { useTranslation } from 'react-i18next';
import type { DiagnosisRow } from '../../src-main/api/types.ts';
import { Say } from '../components/common.tsx';

export function Diagnosis({ rows, after }: { rows: DiagnosisRow[]; after?: DiagnosisRow[] | undefined }): React.JSX.Element {
  const { t } = useTranslation();
  const later = (r: DiagnosisRow): DiagnosisRow | undefined => after?.find((a) => a.pythonId === r.pythonId && a.client === r.client);
  return (
    <table className="plain diagnosis">
      <thead>
        <tr>
          <th>{t('wizard.diag.python')}</th>
          <th>{t('wizard.diag.client')}</th>
          <th>{after ? t('wizard.diag.before') : t('wizard.diag.result')}</th>
          {after && <th>{t('wizard.diag.after')}</th>}
          <th>{t('wizard.diag.chain')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const a = later(r);
          return (
            <tr key={`${r.pythonId}-${r.client}`} data-ok={String(r.ok)} data-after-ok={a ? String(a.ok) : undefined}>
              <td>{r.python}</td>
              <td>{r.client}</td>
              <td>
                <span className={r.ok ? 'badge badge-current' : 'badge badge-broken'}>{r.ok ? t('status.ok') : t('status.fails')}</span> <Say message={r.cause} />
              </td>
              {after && <td>{a ? <><span className={a.ok ? 'badge badge-current' : 'badge badge-broken'}>{a.ok ? t('status.ok') : t('status.fails')}</span> <Say message={a.cause} /></> : '—'}</td>}
              <td>
                <ol className="chain">
                  {r.chain.map((c) => (
                    <li key={c.fingerprint}>
                      {c.name} {c.problem && <span className="danger"><Say message={c.problem} /></span>}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
