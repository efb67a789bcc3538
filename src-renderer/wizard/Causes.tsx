// The diagnosis said once per cause: a card for each distinct cause (its plain sentence and notes),
// listing under it the interpreters it affects and which of their clients. Eleven interpreters that
// fail for the same reason make one card, not one per interpreter and client.
import { useTranslation } from 'react-i18next';
import type { DiagnosisRow, Message } from '../../src-main/api/types.ts';
import { Say, usePythonLabel } from '../components/common.tsx';
import { shown } from '../../assets/locales/shown.ts';

interface Affected {
  python: string;
  pythonVersion?: string;
  isVenv: boolean;
  clients: string[];
}

export interface CauseGroup {
  key: string;
  ok: boolean;
  causeCode: string;
  cause: Message;
  notes: Message[];
  affected: Affected[];
  count: number;
}

const keyOf = (m: Message): string => `${m.code}|${JSON.stringify(m.params ?? {})}`;

/** Rows with the same cause and the same sentence form one group, failing causes first, in the
 * order they first appear; notes are kept once each. */
export function groupByCause(rows: DiagnosisRow[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const r of rows) {
    const key = `${String(r.ok)}|${r.causeCode}|${keyOf(r.cause)}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, ok: r.ok, causeCode: r.causeCode, cause: r.cause, notes: [], affected: [], count: 0 };
      groups.set(key, g);
    }
    g.count++;
    for (const n of r.notes) if (!g.notes.some((m) => keyOf(m) === keyOf(n))) g.notes.push(n);
    let who = g.affected.find((a) => a.python === r.python);
    if (!who) {
      who = {
        python: r.python,
        ...(r.pythonVersion ? { pythonVersion: r.pythonVersion } : {}),
        isVenv: r.isVenv,
        clients: [],
      };
      g.affected.push(who);
    }
    if (!who.clients.includes(r.client)) who.clients.push(r.client);
  }
  return [...groups.values()].sort((a, b) => Number(a.ok) - Number(b.ok));
}

export function CauseCards({ rows }: { rows: DiagnosisRow[] }): React.JSX.Element | null {
  const { t } = useTranslation();
  const label = usePythonLabel();
  const groups = groupByCause(rows);
  if (groups.length === 0) return null;
  return (
    <ul className="cause-cards" data-testid="causes" aria-label={t('wizard.causes.label')}>
      {groups.map((g) => (
        <li key={g.key} className={g.ok ? 'cause-card cause-card-ok' : 'cause-card'} data-cause={g.causeCode}>
          <h4>
            <span className={g.ok ? 'badge badge-current' : 'badge badge-broken'}>
              {g.ok ? t('status.ok') : t('status.fails')}
            </span>{' '}
            {!g.ok && <span className="cause-name">{t(`check:cause.${g.causeCode}`)}</span>}
          </h4>
          <p className="cause">
            <Say message={g.cause} />
          </p>
          {g.notes.map((n, i) => (
            <p key={i} className="muted cause-note">
              <Say message={n} />
            </p>
          ))}
          <p className="affected-title">
            {t(g.ok ? 'wizard.causes.works' : 'wizard.causes.affects', { count: g.count })}
          </p>
          <ul className="affected">
            {g.affected.map((a) => (
              <li key={a.python}>
                <strong>{label({ ...(a.pythonVersion ? { version: a.pythonVersion } : {}), isVenv: a.isVenv })}</strong>{' '}
                <span className="muted path">{shown(a.python)}</span>
                {t('wizard.causes.colon')}
                <span className="clients">{a.clients.join(t('wizard.causes.comma'))}</span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
