// Judging files while the search still runs: each file the search finds is queued at once and
// judged as soon as the context (reference, OS store) is ready, so on two cores the walk's helper
// thread reads folders while this thread judges, instead of one after the other. While the search
// runs, judging stays small beside it: one file at a time, and only files of real-bundle size (big
// files named like bundles wait), so the walk's memory and the judging's do not pile up. Once the
// search is over, the limits of judgeFiles in scanPaths.ts apply (eight files at a time, 16 MB of
// them at once).
import type { TrustContext } from '../../context.ts';
import { ByteBudget } from '../byteBudget.ts';
import { BYTES_AT_ONCE, READ_CONCURRENCY, readCost, type JudgeOne } from '../scanPaths.ts';
import { judgeFile, type BundleVerdict } from '../verdict.ts';

/** While the search runs: files judged at once, and the biggest judged then (real bundles are under 1 MB). */
const LANES_WHILE_SEARCHING = 1;
const BYTES_WHILE_SEARCHING = 2 * 1024 * 1024;

export class JudgeAsFound {
  private readonly queue: string[] = [];
  /** Files too big to judge beside the search, with their cost: judged after it. */
  private readonly later: string[] = [];
  private readonly given = new Set<string>();
  private readonly verdicts = new Map<string, BundleVerdict>();
  private readonly budget = new ByteBudget(BYTES_AT_ONCE);
  private readonly signal: AbortSignal | undefined;
  private readonly onJudged: ((path: string) => void) | undefined;
  private ctx: TrustContext | undefined;
  private lanes = 0;
  private searching = true;
  private failure: { error: unknown } | undefined;
  private settle: (() => void) | undefined;

  private readonly judgeOne: JudgeOne;

  /** `signal` stops the judging (files not judged by then are left out); `onJudged` after each file;
   * `judgeOne` judges a file (the scan cache brings its own). */
  constructor(signal?: AbortSignal, onJudged?: (path: string) => void, judgeOne: JudgeOne = judgeFile) {
    this.judgeOne = judgeOne;
    this.signal = signal;
    this.onJudged = onJudged;
  }

  /** A file to judge; one path is judged once however often it is given. */
  push(path: string): void {
    if (this.given.has(path)) return;
    this.given.add(path);
    this.queue.push(path);
    this.pump();
  }

  /** Judging begins: files given before wait for the context. */
  start(ctx: TrustContext): void {
    this.ctx = ctx;
    this.pump();
  }

  /** The search is over (call after `start`): the rest is judged at full pace. Resolves with a
   * verdict per judged path once every file is, or once the signal stopped the judging. */
  async finish(): Promise<Map<string, BundleVerdict>> {
    this.searching = false;
    // The rest in path order, as judgeFiles goes: measured on the crowded tree (scan-memory test), the
    // big files left to the end, when the verdicts of every bundle are held, raised the peak by 70 MB.
    this.queue.push(...this.later.splice(0));
    this.queue.sort();
    this.pump();
    if (!this.idle()) await new Promise<void>((resolve) => (this.settle = resolve));
    if (this.failure) throw this.failure.error;
    return this.verdicts;
  }

  private idle(): boolean {
    return this.lanes === 0 && (this.queue.length === 0 || this.signal?.aborted === true || this.failure !== undefined);
  }

  private pump(): void {
    if (!this.ctx) return;
    const lanes = this.searching ? LANES_WHILE_SEARCHING : READ_CONCURRENCY;
    // A lane takes its first file before its first await, so the queue shrinks as lanes start.
    while (this.lanes < lanes && this.queue.length > 0 && !this.signal?.aborted) {
      this.lanes++;
      void this.lane(this.ctx);
    }
  }

  private async lane(ctx: TrustContext): Promise<void> {
    try {
      for (
        let path = this.queue.shift();
        path !== undefined && !this.signal?.aborted && !this.failure;
        path = this.queue.shift()
      ) {
        const cost = await readCost(path);
        if (this.searching && cost > BYTES_WHILE_SEARCHING) {
          this.later.push(path);
          continue;
        }
        const taken = await this.budget.take(cost);
        try {
          this.verdicts.set(path, await this.judgeOne(path, ctx, this.signal));
          this.onJudged?.(path);
        } catch (error) {
          // Cut by the cancel: left out, not reported half-judged. Anything else fails the scan, as in judgeFiles.
          if (!this.signal?.aborted) this.failure ??= { error };
        } finally {
          this.budget.give(taken);
        }
      }
    } finally {
      this.lanes--;
      if (this.searching) this.pump();
      else if (this.idle()) this.settle?.();
      else this.pump();
    }
  }
}
