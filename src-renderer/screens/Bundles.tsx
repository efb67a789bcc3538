// CA bundles: scan (with progress and Cancel), filter by status and owner, search, sort, and open a
// row's details. Results are reloaded at most once a second during a scan, so the table fills as
// bundles are found without re-rendering per file.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message, ScanResults } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { BundleDetailsPanel } from '../bundles/BundleDetails.tsx';
import { BundleTable, ownerText } from '../bundles/BundleTable.tsx';
import { takeScanResults } from '../bundles/prefetch.ts';
import { ScanProgress } from '../bundles/ScanProgress.tsx';
import { Problem } from '../components/common.tsx';

const STATUSES = ['current', 'stale', 'broken', 'not-a-bundle'] as const;

export function BundlesScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [results, setResults] = useState<ScanResults | null>(null);
  const [problem, setProblem] = useState<Message | undefined>();
  const [status, setStatus] = useState('');
  const [owner, setOwner] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const lastLoad = useRef(0);

  const load = useCallback(async (): Promise<ScanResults | undefined> => {
    lastLoad.current = performance.now();
    performance.mark('bundles:fetch');
    const r = await takeScanResults(bridge);
    performance.mark('bundles:data');
    if (r.ok) setResults(r.value);
    else setProblem(r.error);
    return r.ok ? r.value : undefined;
  }, [bridge]);

  const start = useCallback(async (): Promise<void> => {
    setProblem(undefined);
    setSelected(null);
    const r = await bridge.invoke('scan.start', {});
    if (!r.ok) return setProblem(r.error);
    await load();
  }, [bridge, load]);

  useEffect(() => {
    // The first visit searches: what the interpreters alone led to is not "all the bundles", so a
    // session with no scan yet starts one (a second start while it runs is the same scan).
    void load().then((first) => first && !first.scanId && void start());
    // The interpreters fill the "used by" column (and add the bundles only they lead to).
    void bridge.invoke('pythons.list', {}).then((r) => r.ok && r.value.length > 0 && void load());
    const offDone = bridge.on('scan.done', () => void load());
    const offProgress = bridge.on('scan.progress', () => {
      if (performance.now() - lastLoad.current > 1000) void load();
    });
    return () => {
      offDone();
      offProgress();
    };
  }, [bridge, load, start]);

  const cancel = async (): Promise<void> => {
    await bridge.invoke('scan.cancel', {});
  };

  const rows = useMemo(() => results?.rows ?? [], [results]);
  const owners = useMemo(() => [...new Set(rows.map((r) => r.owner.kind))].sort(), [rows]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return rows.filter(
      (r) =>
        (!status || r.status === status) &&
        (!owner || r.owner.kind === owner) &&
        (!q || r.path.toLowerCase().includes(q) || ownerText(r, t).toLowerCase().includes(q)),
    );
  }, [rows, status, owner, query, t]);
  const openRow = useCallback((id: string) => setSelected(id), []);
  // Closing the panel (Escape or its button) gives focus back to the row's button that opened it,
  // or to the table when that row is no longer drawn (filtered out, scrolled away).
  const tableArea = useRef<HTMLDivElement>(null);
  const closePanel = useCallback(() => {
    const id = selected;
    setSelected(null);
    requestAnimationFrame(() => {
      const area = tableArea.current;
      const button = id ? area?.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"] button.path`) : null;
      (button ?? area?.querySelector<HTMLElement>('.table-scroll'))?.focus();
    });
  }, [selected]);
  const running = results?.state === 'running';

  return (
    <section className="screen" aria-labelledby="bundles-title">
      <header className="screen-head">
        <div>
          <h1 id="bundles-title">{t('bundles.title')}</h1>
          <p className="muted">{t('bundles.intro')}</p>
        </div>
        <button type="button" className="button primary" onClick={() => void start()} disabled={running}>
          {results?.scanId ? t('bundles.rescan') : t('bundles.scan')}
        </button>
      </header>
      <Problem message={problem ?? results?.error} />
      {running && <ScanProgress onCancel={() => void cancel()} />}
      {results?.state === 'cancelled' && (
        <p className="notice notice-info" role="status">
          {t('scan.cancelled', { count: rows.length })}
        </p>
      )}
      {results && results.state !== 'idle' && (
        <p className="summary" aria-live="polite" data-testid="scan-summary">
          {t('bundles.summary', {
            total: rows.length,
            current: results.summary.current,
            stale: results.summary.stale,
            broken: results.summary.broken,
            notABundle: results.summary['not-a-bundle'],
          })}
        </p>
      )}
      {results?.state === 'idle' && <p className="empty">{t('bundles.empty')}</p>}
      {rows.length > 0 && (
        <>
          <div className="filters" role="search">
            <label>
              <span>{t('bundles.filterStatus')}</span>
              <select value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">{t('bundles.all')}</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`common:status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('bundles.filterOwner')}</span>
              <select value={owner} onChange={(e) => setOwner(e.target.value)}>
                <option value="">{t('bundles.all')}</option>
                {owners.map((o) => (
                  <option key={o} value={o}>
                    {t(`bundles:owner.${o}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="grow">
              <span>{t('bundles.search')}</span>
              <input
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder={t('bundles.searchPlaceholder')}
              />
            </label>
            <span className="muted shown-count">{t('bundles.shown', { shown: shown.length, total: rows.length })}</span>
          </div>
          <div className={selected ? 'split with-details' : 'split'} ref={tableArea}>
            <BundleTable rows={shown} selected={selected} onOpen={openRow} />
            {selected && <BundleDetailsPanel id={selected} onClose={closePanel} onChanged={() => void load()} />}
          </div>
        </>
      )}
    </section>
  );
}
