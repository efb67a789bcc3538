// What the API sends back, as plain JSON-able records. The renderer imports these as types only.
import type { BundleStatus, CertSummary } from '../core/bundles/judge.ts';
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import type { Message } from '../core/messages.ts';
import type { ClientName, PythonInfo } from '../core/pythons/types.ts';
import type { RepairKind } from '../core/repair/proposal.ts';
import type { OsStoreInfo } from '../core/trust/osStore.ts';
import type { ReferenceInfo } from '../core/trust/reference.ts';

export type { BundleStatus, BundleVerdict, CertSummary, ClientName, Message, PythonInfo, RepairKind };

export type ApiResult<T> = { ok: true; value: T } | { ok: false, error: Message };

export type ScanState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ScanProgressEvent {
  scanId: string;
  phase: 'listing' | 'judging';
  /** Files judged so far. */
  judged: number;
  /** Files to judge, once the listing is done. */
  total?: number;
  /** The folder being looked at now. */
  folder: string;
  found: Record<BundleStatus, number>;
}

export interface ScanDoneEvent {
  scanId: string;
  state: Exclude<ScanState, 'idle' | 'running'>;
  count: number;
  error?: Message;
}

export interface RepairOutputEvent {
  planId: string;
  step: number;
  state: 'running' | 'done' | 'failed' | 'skipped';
  message: Message;
}

export interface EventPayloads {
  'scan.progress': ScanProgressEvent;
  'scan.done': ScanDoneEvent;
  'repair.output': RepairOutputEvent;
}

/** One row of the bundles table: the verdict without the long lists (those come with details). */
export interface BundleRow {
  id: string;
  status: BundleStatus;
  reason: Message;
  path: string;
  owner: BundleVerdict['owner'];
  certificates: number;
  expired: number;
  missing: number;
  distrusted: number;
  extra: number;
  /** Interpreter and client using this bundle, as "3.11 (venv) · requests". Filled once Pythons are probed. */
  usedBy: string[];
}

export interface ScanResults {
  scanId: string | null;
  state: ScanState;
  at: string | null;
  rows: BundleRow[];
  summary: Record<BundleStatus, number>;
  error?: Message;
}

export interface CertificateRow extends CertSummary {
  expired: boolean;
  inReference: boolean;
  isCA: boolean;
  issuer: string;
}

export interface BundleDetails {
  row: BundleRow;
  size: number;
  format: string;
  certificates: CertificateRow[];
  missing: CertSummary[];
  expired: CertSummary[];
  distrusted: BundleVerdict['details']['distrusted'];
  extra: CertSummary[];
  /** What can be done with this bundle from here. */
  actions: Array<'refresh' | 'append' | 'export' | 'reveal'>;
}

export type ThemeSetting = 'system' | 'light' | 'dark';
export type LanguageSetting = 'system' | 'en' | 'zh-CN';

export interface Settings {
  language: LanguageSetting;
  theme: ThemeSetting;
  reference: 'builtin' | 'file';
}

export interface SettingsView {
  settings: Settings;
  /** The language the OS asks for, for "follow the system". */
  systemLanguage: 'en' | 'zh-CN';
  reference: ReferenceInfo | null;
  /** The --reference file given at launch, if any (only then can 'file' be chosen). */
  referenceFileAvailable: boolean;
  systemStore: OsStoreInfo | null;
  dataDir: string;
  /** Which shell answers: 'electron' can reveal files in the file manager. */
  shell: 'electron' | 'browser';
  /** Channels whose core part is in this build; the screens explain the others. */
  available: string[];
}

export interface PythonRow {
  id: string;
  label: string;
  executable: string;
  version?: string;
  foundBy: string[];
  error?: Message;
  clients: Partial<Record<ClientName, { available: boolean; source: string; steeredBy: string; status?: string; bundleId?: string }>>;
}

export interface ChainLink {
  name: string;
  fingerprint: string;
  notAfter: string;
  issuer: string;
  problem?: Message;
}

export interface DiagnosisRow {
  pythonId: string;
  python: string;
  client: ClientName;
  ok: boolean;
  cause: Message;
  chain: ChainLink[];
  trusts: string;
}

export interface CheckResult {
  checkId: string;
  host: string;
  port: number;
  rows: DiagnosisRow[];
  /** The bundle the snippets should point at when the check found a good one. */
  goodBundle?: string;
}

export interface PlanStep {
  kind: RepairKind;
  where: string;
  why: Message;
  needsAdmin: boolean;
}

export interface Plan {
  planId: string;
  steps: PlanStep[];
  needsAdmin: boolean;
}

export interface ApplyResult {
  planId: string;
  ok: boolean;
  historyId?: string;
  steps: Array<{ step: number; ok: boolean; message: Message }>;
}

export interface HistoryEntry {
  id: string;
  at: string;
  summary: Message;
  undone: boolean;
  canUndo: boolean;
}
