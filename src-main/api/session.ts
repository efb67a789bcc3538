// One session of the app: the options it was started with, the trust context, and the latest scan
// (and later check and plan) results, so that the ids the renderer sends resolve to things core found.
import { EventEmitter } from 'node:events';
import { createContext, type TrustContext } from '../core/context.ts';
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import type { EventName } from './channels.ts';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './settings.ts';
import type { EventPayloads, ScanState, Settings } from './types.ts';
import { walkRoots, type DiscoverFn } from './walk.ts';
import type { Message } from '../core/messages.ts';

export interface SessionOptions {
  dataDir: string;
  /** Folders or files given with --root. */
  roots?: string[];
  /** --no-disk: known places only, no walk of the disk. */
  noDisk?: boolean;
  /** Interpreters given with --python. */
  pythons?: string[];
  referenceFile?: string;
  systemStoreFile?: string;
  at?: Date;
  shell: 'electron' | 'browser';
  /** Shell-specific: show a file in the OS file manager (Electron only). */
  reveal?: (path: string) => Promise<void>;
  /** Replaces the default listing (walk of --root folders). */
  discover?: DiscoverFn;
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

export class Session {
  readonly options: SessionOptions;
  settings: Settings = { ...DEFAULT_SETTINGS };
  scan: ScanSlot | undefined;
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
      ...(this.settings.reference === 'file' && this.options.referenceFile ? { referenceFile: this.options.referenceFile } : {}),
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

  discover(): DiscoverFn {
    return this.options.discover ?? walkRoots(this.options.roots ?? []);
  }

  nextScanId(): string {
    this.scanCounter++;
    return `s-${this.scanCounter}`;
  }

  bundle(id: string): BundleVerdict | undefined {
    return this.scan?.byId.get(id);
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
