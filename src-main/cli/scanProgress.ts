// What `trustfix scan` shows while it searches (on stderr, only on a terminal: one status line, see
// statusLine.ts), and the lines about the search it prints after the table.
import type { DiscoverProgress, DiscoveryInfo } from '../core/bundles/discover/discover.ts';
import { t } from './i18n.ts';
import { statusLine } from './statusLine.ts';

export interface ProgressLine {
  update: (p: DiscoverProgress) => void;
  stop: () => void;
}

export async function progressLine(stream: NodeJS.WriteStream = process.stderr): Promise<ProgressLine> {
  const line = statusLine(stream);
  if (!line) return { update: () => {}, stop: () => {} };
  line.set(t('discover:progress.known-places'));
  return {
    update: (p) =>
      line.set(
        t(`discover:progress.${p.phase}`, { visited: p.visited.toLocaleString(), found: p.found, current: p.current }),
      ),
    stop: () => line.stop(),
  };
}

export function discoveryLines(info: DiscoveryInfo): string[] {
  const out: string[] = [];
  if (info.aborted) out.push(t('discover:interrupted', { visited: info.visited }));
  if (info.unjudged) out.push(t('discover:unjudged', { count: info.unjudged }));
  const a = info.accelerator;
  if (a) {
    if (a.error) out.push(t('discover:acceleratorFailed', { tool: a.tool, error: a.error }));
    else if (a.indexedAt)
      out.push(
        t('discover:acceleratorIndexed', {
          tool: a.tool,
          found: a.found,
          ms: a.elapsedMs,
          date: a.indexedAt.slice(0, 10),
        }),
      );
    else out.push(t('discover:accelerator', { tool: a.tool, found: a.found, ms: a.elapsedMs }));
  }
  if (info.roots.length === 0) out.push(t('discover:knownOnly', { known: info.knownPlaces }));
  else
    out.push(
      t('discover:summary', {
        visited: info.visited.toLocaleString(),
        seconds: (info.elapsedMs / 1000).toFixed(1),
        skipped: info.skipped,
        unreadable: info.unreadable,
        known: info.knownPlaces,
      }),
    );
  out.push(...cacheLines(info));
  for (const l of info.left.filter((x) => x.why !== 'pseudo'))
    out.push(t('discover:left', { path: l.path, why: t(`discover:why.${l.why}`) }));
  if (info.unreadable > 0)
    out.push(t('discover:unreadable', { count: info.unreadable, example: info.unreadableSample[0] ?? '' }));
  return out;
}

/** How the scan cache served the scan: a reused disk search says from when, and how to search now. */
function cacheLines(info: DiscoveryInfo): string[] {
  const cache = info.cache;
  if (!cache) return [];
  const out: string[] = [];
  if (cache.ignored)
    out.push(t('discover:cacheIgnored', { path: cache.file, why: t(`discover:cacheWhy.${cache.ignored}`) }));
  if (cache.walk === 'reused' && cache.walkedAt) {
    const at = new Date(cache.walkedAt);
    const time = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const minutes = Math.floor((Date.now() - at.getTime()) / 60_000);
    out.push(
      t(minutes >= 1 ? 'discover:walkReused' : 'discover:walkReusedNow', { minutes, time, reused: cache.filesReused }),
    );
  }
  return out;
}
