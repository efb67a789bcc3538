// History: everything TrustFix changed (from the app and the CLI alike), newest first, each with
// what it did, how undo puts it back and which files (a disclosure every entry has, so a long history
// is reachable by keyboard even when nothing is left to undo), and Undo, which asks first
// (ConfirmUndo) and then says what was put back.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry, Message } from '../../src-main/api/types.ts';
import { shown } from '../../assets/locales/shown.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say, useBusy } from '../components/common.tsx';
import { PutBackStatus, UndoButton } from '../components/ConfirmUndo.tsx';

function when(iso: string, lang: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function HistoryScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t, i18n } = useTranslation();
  const { busy, problem, run } = useBusy();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [putBack, setPutBack] = useState<{ entry: HistoryEntry; problems: Message[] } | null>(null);
  const load = useCallback(async () => {
    const r = await run(() => bridge.invoke('history.list', {}));
    if (r) setEntries(r);
  }, [bridge, run]);
  useEffect(() => void load(), [load]);
  const undo = async (entry: HistoryEntry): Promise<void> => {
    setPutBack(null);
    const r = await run(() => bridge.invoke('history.undo', { id: entry.id }));
    if (r) setPutBack({ entry, problems: r.problems });
    await load();
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
      {putBack && <PutBackStatus entry={putBack.entry} problems={putBack.problems} />}
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
                  {e.actions.map((a, i) => (
                    <li key={i}>
                      <Say message={a} />
                    </li>
                  ))}
                </ul>
                {e.problems.map((p, i) => (
                  <p key={i} className="danger small">
                    <Say message={p} />
                  </p>
                ))}
                <details className="history-details">
                  <summary>{t('undo.how')}</summary>
                  <ul className="muted small">
                    {e.undoes.map((u, i) => (
                      <li key={i}>
                        <Say message={u} />
                      </li>
                    ))}
                    {e.files.map((f) => (
                      <li key={f} className="path">
                        {shown(f)}
                      </li>
                    ))}
                  </ul>
                </details>
              </div>
              {e.canUndo && (
                <UndoButton
                  historyId={e.id}
                  entry={e}
                  label={e.undoNeedsAdmin ? t('history.undoAdmin') : t('history.undo')}
                  disabled={busy}
                  onConfirm={() => void undo(e)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
