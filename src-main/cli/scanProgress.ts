// What `trustfix scan` shows while it searches (on stderr, only on a terminal: ora's spinner line),
// and the lines about the search it prints after the table.
import type { Ora } from 'ora';
import type { DiscoverProgress, DiscoveryInfo } from '../core/bundles/discover/discover.ts';
import { t } from './i18n.ts';

/** Keeps the spinner line within the terminal: long folder names lose their middle. */
function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  const keep = Math.max(8, width - 1);
  return `${text.slice(0, Math.floor(keep / 3))}…${text.slice(text.length - Math.ceil((keep * 2) / 3))}`;
}

export interface ProgressLine {
  update: (p: DiscoverProgress) => void;
  stop: () => void;
}

export async function progressLine(stream: NodeJS.WriteStream = process.stderr): Promise<ProgressLine> {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  // ora is loaded only for a terminal (with string-width's tables it costs ~50 ms of start-up that
  // --json and pipes never need), and before the walk starts, which keeps the main thread busy.
  const { default: ora } = await import('ora');
  const spinner: Ora = ora({ stream, discardStdin: false, hideCursor: true }).start(t('discover:progress.known-places'));
  return {
    update: (p) => {
      const width = Math.max(40, (stream.columns || 80) - 4); // a fresh pseudo-terminal may report 0 columns
      spinner.text = fit(t(`discover:progress.${p.phase}`, { visited: p.visited.toLocaleString(), found: p.found, current: p.current }), width);
    },
    stop: () => spinner.stop(),
  };
}

export function discoveryLines(info: DiscoveryInfo): string[] {
  const out: string[] = [];
  if (info.aborted) out.push(t('discover:interrupted', { visited: info.visited }));
  if (info.unjudged) out.push(t('discover:unjudged', { count: info.unjudged }));
  const a = info.accelerator;
  if (a) {
    if (a.error) out.push(t('discover:acceleratorFailed', { tool: a.tool, error: a.error }));
    else if (a.indexedAt) out.push(t('discover:acceleratorIndexed', { tool: a.tool, found: a.found, ms: a.elapsedMs, date: a.indexedAt.slice(0, 10) }));
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
  for (const l of info.left.filter((x) => x.why !== 'pseudo')) out.push(t('discover:left', { path: l.path, why: t(`discover:why.${l.why}`) }));
  if (info.unreadable > 0) out.push(t('discover:unreadable', { count: info.unreadable, example: info.unreadableSample[0] ?? '' }));
  return out;
}
