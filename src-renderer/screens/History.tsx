// History: everything TrustFix changed, newest first, each with Undo.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry, Message } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { formatDate, Problem, Say } from '../components/common.tsx';

export function HistoryScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [problem, setProblem] = useState<Message | undefined>();
  const load = useCallback(async () => {
    const r = await bridge.invoke('history.list', {});
    if (r.ok) setEntries(r.value);
    else setProblem(r.error);
  }, [bridge]);
  useEffect(() => void load(), [load]);
  const undo = async (id: string): Promise<void> => {
    const r = await bridge.invoke('history.undo', { id });
    if (!r.ok) setProblem(r.error);
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
      {entries && entries.length === 0 && <p className="empty">{t('history.none')}</p>}
      {entries && entries.length > 0 && (
        <ul className="history">
          {entries.map((e) => (
            <li key={e.id} className={e.undone ? 'undone' : undefined}>
              <span className="muted">{formatDate(e.at, i18n.language)}</span>
              <span className="grow"><Say message={e.summary} /></span>
              {e.undone ? <span className="muted">{t('history.undone')}</span> : (
                <button type="button" className="button small" disabled={!e.canUndo} onClick={() => void undo(e.id)}>{t('history.undo')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
