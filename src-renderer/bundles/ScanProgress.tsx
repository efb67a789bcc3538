// The progress of a running scan: a bar, a count, the current folder, and Cancel. It listens to the
// (already throttled) progress events itself, so the table does not re-render per file.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanProgressEvent } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { shown } from '../../assets/locales/shown.ts';

export function ScanProgress({ onCancel }: { onCancel: () => void }): React.JSX.Element {
  const bridge = useBridge();
  const { t, i18n } = useTranslation();
  const [p, setP] = useState<ScanProgressEvent | null>(null);
  useEffect(() => bridge.on('scan.progress', setP), [bridge]);
  const count = (n: number | undefined): string => (n ?? 0).toLocaleString(i18n.language);
  const judged = p?.judged ?? 0;
  const total = p?.total;
  return (
    <div className="scan-progress" role="group" aria-label={t('scan.progressLabel')}>
      <div className="scan-progress-row">
        {total ? (
          <progress max={total} value={judged} aria-label={t('scan.progressLabel')} />
        ) : (
          <progress aria-label={t('scan.progressLabel')} />
        )}
        <button type="button" className="button" onClick={onCancel}>
          {t('scan.cancel')}
        </button>
      </div>
      <p className="scan-count" aria-live="polite">
        {p?.phase === 'judging' && total
          ? // The walk's counts stay in view while its files are judged (the events carry them).
            p.visited !== undefined
            ? t('scan.countingWalked', { judged, total, visited: count(p.visited), candidates: count(p.candidates) })
            : t('scan.counting', { judged, total })
          : p?.phase === 'walk'
            ? t('scan.walking', { visited: count(p.visited), candidates: count(p.candidates), judged })
            : t('scan.knownPlaces')}
      </p>
      <p className="scan-folder muted" title={p?.folder ? shown(p.folder) : undefined}>
        {p?.folder ? t('scan.folder', { folder: p.folder }) : '\u00a0'}
      </p>
    </div>
  );
}
