// History: everything TrustFix changed (from the app and the CLI alike), newest first, each with
// what it did and Undo.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say, useBusy } from '../components/common.tsx';

function when(iso: string, lang: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function HistoryScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t, i18n } = useTranslation();
  const { busy, problem, setProblem, run } = useBusy();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const load = useCallback(async () => {
    const r = await run(() => bridge.invoke('history.list', {}));
    if (r) setEntries(r);
  }, [bridge, run]);
  useEffect(() => void load(), [load]);
  const undo = async (id: string): Promise<void> => {
    const r = await run(() => bridge.invoke('history.undo', { id }));
    await load();
    if (r && r.problems.length > 0) setProblem(r.problems[0]);
  };
  return (
    <section className="screen" aria-labelledby="history-title">
      <header className="screen-head">
        <div>
          <h1 id="history-title">{t('history.title')}</h1>
          <p className="muted">{t('history.intro')}</p>
        </div>
      </header>
      <Problem message={problem} />
      {entries && entries.length === 0 && <p className="empty">{t('history.none')}</p>}
      {entries && entries.length > 0 && (
        <ul className="history" data-testid="history">
          {entries.map((e) => (
            <li key={e.id} className={e.undone ? 'undone' : undefined} data-state={e.state}>
              <div className="history-meta">
                <span>{when(e.at, i18n.language)}</span>
                <span className={`badge badge-state-${e.state}`}>{t(`repair:state.${e.state}`)}</span>
                <span className="muted">{t(`history.from.${e.command.startsWith('app:') ? 'app' : 'cli'}`)}</span>
              </div>
              <div className="grow">
                <ul className="history-actions">
                  {e.actions.map((a, i) => <li key={i}><Say message={a} /></li>)}
                </ul>
                {e.problems.map((p, i) => <p key={i} className="danger small"><Say message={p} /></p>)}
              </div>
              {e.canUndo && (
                <button type="button" className="button small" disabled={busy} onClick={() => void undo(e.id)}>{e.undoNeedsAdmin ? t('history.undoAdmin') : t('history.undo')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
