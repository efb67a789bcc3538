// Reads one file as a bundle. Identical files (by content hash) are split and parsed once per
// process; a file that cannot be read becomes a result with a reason, never an exception.
import { hash } from 'node:crypto';
import type { CertIndex, Claim } from './certIndex.ts';
import { blockSteps, decodeBody, type BundleFormat, type SkipReason } from './pem.ts';
import { BodyMemo, type Outcome } from './bodyMemo.ts';
import { readRegularFile, type ReadFailure as FileFailure } from './regularFile.ts';

export interface ParsedBundle {
  contentHash: string;
  size: number;
  format: BundleFormat;
  /** Fingerprints in file order, duplicates within the file removed. */
  fingerprints: string[];
  /** Certificates that appear more than once in this file. */
  duplicates: number;
  skipped: Partial<Record<SkipReason, number>>;
}

/** Why a file was not judged: it could not be read as a regular file (regularFile.ts), or splitting
 * and indexing it took more than the budget (`too-slow`; detail: the budget in seconds). */
export type ReadFailure = FileFailure | 'too-slow';

export type BundleReadResult = { ok: true; bundle: ParsedBundle } | { ok: false; failure: ReadFailure; detail: string };

/** Real bundles are well under 1 MB; anything past this is not a CA list and is not read whole. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Busy time one file may take to be split and indexed before it is given up as `too-slow`. Real
 * bundles take 10-150 ms; a file made to be slow (tens of thousands of distinct certificates) is cut
 * here and the scan goes on. TRUSTFIX_JUDGE_BUDGET_MS changes it (see judgeBudgetMs). */
export const JUDGE_BUDGET_MS = 2000;

/** The budget from TRUSTFIX_JUDGE_BUDGET_MS when it is a positive number of milliseconds: tests make it
 * short, and a person with a legitimately huge bundle can make it long (docs/interruptions.md). */
export function judgeBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.TRUSTFIX_JUDGE_BUDGET_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : JUDGE_BUDGET_MS;
}

/** Longest stretch a file is parsed before timers, signals and the other files get their turn. */
const SLICE_MS = 20;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class BundleReader {
  private readonly byHash = new Map<string, ParsedBundle>();
  /** Contents already given up as too slow: a second copy costs nothing. */
  private readonly tooSlow = new Set<string>();
  /** Contents being parsed now: a copy read meanwhile waits for that parse instead of repeating it. */
  private readonly underWay = new Map<string, Promise<ParsedBundle | null>>();
  private parseMs = 0;
  /** What each certificate block's text came to: the same roots sit in every bundle, as the same text. */
  private readonly bodies = new BodyMemo();

  private readonly index: CertIndex;
  private readonly budgetMs: number;

  constructor(index: CertIndex, options: { budgetMs?: number } = {}) {
    this.index = index;
    this.budgetMs = options.budgetMs ?? JUDGE_BUDGET_MS;
  }

  get parseTimeMs(): number {
    return this.parseMs;
  }

  /** Reads only a regular file, and at most MAX_BUNDLE_BYTES of it (see regularFile.ts for why).
   * Parsing takes turns with other work and stops at the time budget (`too-slow`), or with an
   * AbortError when `signal` aborts. */
  async read(path: string, signal?: AbortSignal): Promise<BundleReadResult> {
    const read = await readRegularFile(path, { maxBytes: MAX_BUNDLE_BYTES });
    if (!read.ok) return read;
    const bundle = await this.parseWithin(read.bytes, signal);
    return bundle ? { ok: true, bundle } : { ok: false, failure: 'too-slow', detail: String(this.budgetMs / 1000) };
  }

  /** Parses at once: for bytes TrustFix chose to read (the reference, the OS store, a repair's source). */
  parse(bytes: Buffer): ParsedBundle {
    const contentHash = hash('sha256', bytes);
    const known = this.byHash.get(contentHash);
    if (known) return known;
    const started = performance.now();
    const steps = this.parsing(bytes, contentHash);
    for (;;) {
      const step = steps.next();
      if (!step.done) continue;
      this.parseMs += performance.now() - started;
      return step.value;
    }
  }

  /** Parses a file found on disk: in turns of SLICE_MS, so signals and progress stay live, and only
   * up to the budget of busy time (null: too slow). */
  private async parseWithin(bytes: Buffer, signal?: AbortSignal): Promise<ParsedBundle | null> {
    const contentHash = hash('sha256', bytes);
    const known = this.byHash.get(contentHash);
    if (known) return known;
    if (this.tooSlow.has(contentHash)) return null;
    const running = this.underWay.get(contentHash);
    if (running) return running;
    const parsing = this.parseInTurns(bytes, contentHash, signal);
    this.underWay.set(contentHash, parsing);
    try {
      return await parsing;
    } finally {
      this.underWay.delete(contentHash);
    }
  }

  private async parseInTurns(bytes: Buffer, contentHash: string, signal?: AbortSignal): Promise<ParsedBundle | null> {
    // A file given up takes back the certificates only it brought into the index (certIndex.ts).
    const claim: Claim = { added: [] };
    const steps = this.parsing(bytes, contentHash, claim, true);
    let busy = 0;
    let turn = performance.now();
    try {
      for (;;) {
        const step = steps.next();
        const now = performance.now();
        if (step.done) {
          this.parseMs += busy + (now - turn);
          this.index.keep(claim);
          return step.value;
        }
        if (now - turn < SLICE_MS) continue;
        busy += now - turn;
        if (busy > this.budgetMs) {
          this.tooSlow.add(contentHash);
          return null;
        }
        await nextTurn();
        signal?.throwIfAborted();
        turn = performance.now();
      }
    } finally {
      this.index.forget(claim); // nothing left once kept
    }
  }

  /** Splits and indexes, yielding after each block; returns the parsed bundle (and caches it).
   * `own`: the bytes are the reader's own (read from a file here), never changed by anyone, so its
   * texts may be remembered in place (bodyMemo.ts); a caller's buffer might be reused. */
  private *parsing(bytes: Buffer, contentHash: string, claim?: Claim, own = false): Generator<void, ParsedBundle> {
    const skipped: ParsedBundle['skipped'] = {};
    const seen = new Set<string>();
    const fingerprints: string[] = [];
    let duplicates = 0;
    const split = blockSteps(bytes);
    let step = split.next();
    for (; !step.done; step = split.next()) {
      const v = step.value;
      // A skipped block, a lone DER certificate, or a PEM certificate block (by its place in the bytes).
      const got =
        typeof v === 'string'
          ? { skip: v }
          : Buffer.isBuffer(v)
            ? outcomeOf(this.index.add(v, claim))
            : this.certificateAt(bytes, v.start, v.end, claim, own);
      if ('skip' in got) skipped[got.skip] = (skipped[got.skip] ?? 0) + 1;
      else if (seen.has(got.fingerprint)) duplicates++;
      else {
        seen.add(got.fingerprint);
        fingerprints.push(got.fingerprint);
      }
      yield;
    }
    const parsed: ParsedBundle = {
      contentHash,
      size: bytes.length,
      format: step.value,
      fingerprints,
      duplicates,
      skipped,
    };
    this.byHash.set(contentHash, parsed);
    return parsed;
  }

  /** The certificate block bytes[start, end), in the index. A text met before is neither decoded nor
   * hashed again. */
  private certificateAt(bytes: Buffer, start: number, end: number, claim: Claim | undefined, own: boolean): Outcome {
    const known = this.bodies.get(bytes, start, end);
    // A fingerprint the index has let go (a file given up as too slow took it back) is added again.
    if (known && ('skip' in known || this.index.meet(known.fingerprint, claim))) return known;
    const der = decodeBody(bytes, start, end);
    const got = typeof der === 'string' ? { skip: der } : outcomeOf(this.index.add(der, claim));
    if (own) this.bodies.set(bytes, start, end, got);
    return got;
  }
}

const outcomeOf = (fingerprint: string | undefined): Outcome =>
  fingerprint ? { fingerprint } : { skip: 'unparseable-certificate' };
