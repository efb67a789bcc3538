// The bundles screen's data is asked for on the click that opens it, before React renders the
// screen, so the request overlaps the render instead of following it. A prefetched answer is used
// once, and only while fresh.
import type { ApiResult, ScanResults } from '../../src-main/api/types.ts';
import type { Bridge } from '../bridge/types.ts';

let pending: { at: number; answer: Promise<ApiResult<ScanResults>> } | undefined;

export function prefetchScanResults(bridge: Bridge): void {
  pending = { at: performance.now(), answer: bridge.invoke('scan.results', {}) };
}

/** The prefetched answer if it was asked for in the last second, else a fresh request. */
export function takeScanResults(bridge: Bridge): Promise<ApiResult<ScanResults>> {
  const p = pending;
  pending = undefined;
  return p && performance.now() - p.at < 1000 ? p.answer : bridge.invoke('scan.results', {});
}
