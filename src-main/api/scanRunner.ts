// Runs a scan for the app: list candidate files (reporting the folder), judge them one by one
// (reporting counts), keep the verdicts in the session. Progress events are throttled so the
// screen updates a few times a second however fast the disk is; Cancel stops between two files.
import { dirname } from 'node:path';
import { judgeFile } from '../core/bundles/verdict.ts';
import type { BundleStatus } from '../core/bundles/judge.ts';
import { msg, problemOf } from '../core/messages.ts';
import type { ScanSlot, Session } from './session.ts';
import { attachToBundles } from './pythonsApi.ts';
import { throttle } from './throttle.ts';
import type { ScanProgressEvent } from './types.ts';

export function startScan(session: Session): ScanSlot {
  const running = session.scan;
  if (running?.state === 'running') return running;
  const controller = new AbortController();
  const slot: ScanSlot = {
    id: session.nextScanId(),
    state: 'running',
    controller,
    verdicts: [],
    byId: new Map(),
    at: new Date().toISOString(),
    done: Promise.resolve(),
  };
  session.scan = slot;
  slot.done = run(session, slot).catch((error: unknown) => {
    slot.state = 'failed';
    slot.error = problemOf(error, (reason) => msg('app:scan.failed', { reason }));
    session.emit('scan.done', { scanId: slot.id, state: 'failed', count: slot.verdicts.length, error: slot.error });
  });
  return slot;
}

async function run(session: Session, slot: ScanSlot): Promise<void> {
  const signal = slot.controller.signal;
  const ctx = await session.ctx();
  slot.at = ctx.at.toISOString();
  const found: Record<BundleStatus, number> = { current: 0, stale: 0, broken: 0, 'not-a-bundle': 0 };
  const progress = throttle<ScanProgressEvent>(
    (p) => session.emit('scan.progress', p),
    session.options.progressMs ?? 150,
  );
  const seen = new Set<string>();
  let total = 0;
  // Stage by stage: what the known places hold is judged (and in the table) before the walk starts.
  for (const stage of session.discover()) {
    if (signal.aborted) break;
    // What the walk counted stays in the judging events that follow it, so the counts do not
    // vanish (or fall to 0) while the files it found are judged.
    let counted: Pick<ScanProgressEvent, 'visited' | 'candidates'> = {};
    const files = await stage.list((p) => {
      counted = {
        ...(p.visited !== undefined ? { visited: p.visited } : {}),
        ...(p.candidates !== undefined ? { candidates: p.candidates } : {}),
      };
      progress.push({
        scanId: slot.id,
        phase: stage.phase,
        stage: stage.phase,
        judged: slot.verdicts.length,
        folder: p.folder,
        ...counted,
        found: { ...found },
      });
    }, signal);
    const fresh = files.filter((f) => !seen.has(f));
    for (const f of fresh) seen.add(f);
    total += fresh.length;
    for (const file of fresh) {
      if (signal.aborted) break;
      const verdict = await judgeFile(file, ctx);
      if (slot.byId.has(verdict.id)) continue; // one file reached twice through a symlink
      slot.byId.set(verdict.id, verdict);
      slot.verdicts.push(verdict);
      found[verdict.status]++;
      progress.push({
        scanId: slot.id,
        phase: 'judging',
        stage: stage.phase,
        judged: slot.verdicts.length,
        total,
        folder: dirname(file),
        ...counted,
        found: { ...found },
      });
    }
  }
  progress.flush();
  // Interpreters already probed: the new verdicts learn who uses them ("used by" column).
  if (session.pythonsKnown.length > 0) await attachToBundles(session, session.pythonsKnown).catch(() => undefined);
  slot.state = signal.aborted ? 'cancelled' : 'done';
  session.emit('scan.done', { scanId: slot.id, state: slot.state, count: slot.verdicts.length });
}

export function cancelScan(session: Session): boolean {
  const slot = session.scan;
  if (slot?.state !== 'running') return false;
  slot.controller.abort();
  return true;
}
