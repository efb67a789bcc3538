// One session of the app: the options it was started with, the trust context, and the latest scan
// (and later check and plan) results, so that the ids the renderer sends resolve to things core found.
import { EventEmitter } from 'node:events';
import { createContext, type TrustContext } from '../core/context.ts';
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import type { EventName } from './channels.ts';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './settings.ts';
import type { EventPayloads, ScanState, Settings } from './types.ts';
import { discoveryStages, stageOf, type DiscoverFn, type DiscoverStage } from './walk.ts';
import type { Message } from '../core/messages.ts';
import type { PythonInfo } from '../core/pythons/types.ts';
import type { CheckReport } from '../core/diagnose/types.ts';
import type { Target } from '../core/diagnose/target.ts';
import type { Plan as CorePlan } from '../core/repair/action.ts';
import type { ClientPlan } from '../core/repair/clientPlan.ts';
import type { ElevationRunner } from '../core/repair/elevation.ts';

export interface SessionOptions {
  dataDir: string;
  /** Folders or files given with --root. */
  roots?: string[];
  /** --no-disk: known places only, no walk of the disk. */
  noDisk?: boolean;
  /** Interpreters given with --python. */
  pythons?: string[];
  /** --only-python: only those, no discovery of the others. */
  onlyPython?: boolean;
  /** Environment the interpreters are probed and run with (default: this process's). */
  env?: NodeJS.ProcessEnv;
  referenceFile?: string;
  systemStoreFile?: string;
  at?: Date;
  shell: 'electron' | 'browser';
  /** Shell-specific: show a file in the OS file manager (Electron only). */
  reveal?: (path: string) => Promise<void>;
  /** Replaces the default listing (walk of --root folders). */
  discover?: DiscoverFn;
  /** Runs an elevated step (default: the OS prompt); tests pass their own. */
  elevate?: ElevationRunner;
  /** How to start TrustFix's own CLI for an elevated step (default: this Node and its script).
   * The Electron app passes its own binary with --trustfix-cli: RunAsNode is fused off there. */
  self?: string[];
  /** Milliseconds between progress events. */
  progressMs?: number;
}

export interface ScanSlot {
  id: string;
  state: ScanState;
  controller: AbortController;
  verdicts: BundleVerdict[];
  byId: Map<string, BundleVerdict>;
  at: string;
  error?: Message;
  done: Promise<void>;
}

/** A check the renderer may plan from: the report and who was asked. */
export interface CheckSlot {
  id: string;
  target: Target;
  pythons: PythonInfo[];
  report: CheckReport;
}

/** A plan waiting for Apply; made from a check, the root update, or a bundle's panel. */
export interface PlanSlot {
  id: string;
  origin: 'check' | 'root-update' | 'bundle' | 'trust-root' | 'python';
  plan: CorePlan;
  checkId?: string;
  /** For a plan from a check: each failing client and the steps done for it. */
  clients?: ClientPlan[];
}

export interface UploadSlot {
  id: string;
  path: string;
  name: string;
}

export class Session {
  readonly options: SessionOptions;
  settings: Settings = { ...DEFAULT_SETTINGS };
  scan: ScanSlot | undefined;
  /** Interpreters, once probed (pythons.list); requests name them by id. */
  pythons: Promise<PythonInfo[]> | undefined;
  /** The same, once probing finished (what the table's "used by" column reads without waiting). */
  pythonsKnown: PythonInfo[] = [];
  /** Bundles the interpreters led to that no scan listed (their rows join the table). */
  extraBundles = new Map<string, BundleVerdict>();
  readonly checks = new Map<string, CheckSlot>();
  readonly plans = new Map<string, PlanSlot>();
  readonly uploads = new Map<string, UploadSlot>();
  private counter = 0;
  private context: Promise<TrustContext> | undefined;
  private readonly emitter = new EventEmitter();
  private scanCounter = 0;

  constructor(options: SessionOptions) {
    this.options = options;
    this.emitter.setMaxListeners(50);
  }

  async init(): Promise<this> {
    this.settings = await loadSettings(this.options.dataDir);
    if (this.settings.reference === 'file' && !this.options.referenceFile) this.settings.reference = 'builtin';
    if (this.options.referenceFile && this.settings.reference === 'builtin') this.settings.reference = 'file';
    return this;
  }

  ctx(): Promise<TrustContext> {
    this.context ??= createContext({
      ...(this.settings.reference === 'file' && this.options.referenceFile
        ? { referenceFile: this.options.referenceFile }
        : {}),
      ...(this.options.systemStoreFile ? { systemStoreFile: this.options.systemStoreFile } : {}),
      ...(this.options.at ? { at: this.options.at } : {}),
    });
    // A failed context (unreadable --reference) is reported once, then tried again next time.
    this.context.catch(() => (this.context = undefined));
    return this.context;
  }

  async updateSettings(next: Partial<Settings>): Promise<Settings> {
    const before = this.settings.reference;
    this.settings = { ...this.settings, ...next };
    if (this.settings.reference === 'file' && !this.options.referenceFile) this.settings.reference = 'builtin';
    if (before !== this.settings.reference) this.context = undefined; // judge against the new reference
    await saveSettings(this.options.dataDir, this.settings);
    return this.settings;
  }

  /** The scan's searches: known places, then the disk walk (or only the --root folders). */
  discover(): DiscoverStage[] {
    if (this.options.discover) return [stageOf(this.options.discover)];
    return discoveryStages({
      ...(this.options.roots ? { roots: this.options.roots } : {}),
      ...(this.options.noDisk ? { noDisk: true } : {}),
      ...(this.options.env ? { env: this.options.env } : {}),
    });
  }

  nextScanId(): string {
    this.scanCounter++;
    return `s-${this.scanCounter}`;
  }

  /** A short id for a check, plan or upload: "c-1", "p-2", "u-3". */
  nextId(prefix: 'c' | 'p' | 'u'): string {
    this.counter++;
    return `${prefix}-${this.counter.toString(36)}`;
  }

  bundle(id: string): BundleVerdict | undefined {
    return this.scan?.byId.get(id) ?? this.extraBundles.get(id);
  }

  /** Every bundle known now: the scan's, then those only the interpreters led to. */
  allBundles(): BundleVerdict[] {
    const scanned = this.scan?.verdicts ?? [];
    const seen = new Set(scanned.map((v) => v.id));
    return [...scanned, ...[...this.extraBundles.values()].filter((v) => !seen.has(v.id))];
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    this.emitter.emit('event', event, payload);
  }

  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

export async function createSession(options: SessionOptions): Promise<Session> {
  return new Session(options).init();
}
