// What the API sends back, as plain JSON-able records. The renderer imports these as types only.
import type { BundleStatus, CertSummary } from '../core/bundles/judge.ts';
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import type { Staleness, StalenessGrade } from '../core/bundles/staleness.ts';
import type { Message } from '../core/messages.ts';
import type { ClientName, PythonInfo } from '../core/pythons/types.ts';
import type { ClientOutcomeKind } from '../core/repair/clientPlan.ts';
import type { RepairKind } from '../core/diagnose/proposal.ts';
import type { OsStoreInfo } from '../core/trust/osStore.ts';
import type { ReferenceInfo } from '../core/trust/reference.ts';

export type {
  BundleStatus,
  BundleVerdict,
  CertSummary,
  Staleness,
  StalenessGrade,
  ClientName,
  ClientOutcomeKind,
  Message,
  PythonInfo,
  RepairKind,
};

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: Message };

export type ScanState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ScanProgressEvent {
  scanId: string;
  /** Looking in the known places, walking the disk (or the --root folders), or judging what was found. */
  phase: 'known-places' | 'walk' | 'judging';
  /** Which search the judged files came from. */
  stage: 'known-places' | 'walk';
  /** Files judged so far (all stages). */
  judged: number;
  /** Files to judge in all, as far as known. */
  total?: number;
  /** The folder being read, or the folder of the file being judged. */
  folder: string;
  /** The walk: folders read, candidate files seen. */
  visited?: number;
  candidates?: number;
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
  /** The step's index in the plan, or -1 for output that belongs to no step. */
  step: number;
  state: 'running' | 'done' | 'failed' | 'output' | 'elevation';
  message: Message;
}

export interface EventPayloads {
  'scan.progress': ScanProgressEvent;
  'scan.done': ScanDoneEvent;
  'repair.output': RepairOutputEvent;
  'check.progress': CheckProgressEvent;
}

export interface UsedBy {
  pythonId: string;
  version?: string;
  client: ClientName;
  /** 'source': the client reads it now; 'bundled': shipped with the client but overridden. */
  as: 'source' | 'bundled';
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
  /** For a stale bundle: its grade, and how many roots Mozilla distrusted it still holds. */
  grade?: StalenessGrade;
  distrustedPresent?: number;
  /** Interpreters and clients that read this bundle. Filled once Pythons are probed. */
  usedBy: UsedBy[];
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
  /** For a stale bundle: what it lacks, when Mozilla added each, and the grade. */
  staleness?: Staleness;
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
}

/** One client of one interpreter, for the Pythons screen and the wizard's choice. */
export interface PythonClientCell {
  available: boolean;
  version?: string;
  /** A file path, or "os-store". */
  source: string;
  steeredBy: string;
  /** steeredBy as sentences a person reads (core/pythons/steerWords.ts). */
  steer: Message[];
  status?: string;
  bundleId?: string;
  reason?: Message;
}

export interface PythonRow {
  id: string;
  executable: string;
  /** sys.prefix: the wizard tells from a traceback's file paths which interpreter raised it. */
  prefix?: string;
  version?: string;
  implementation?: string;
  isVenv: boolean;
  foundBy: string[];
  error?: Message;
  clients: Partial<Record<ClientName, PythonClientCell>>;
}

export interface ChainLink {
  name: string;
  fingerprint: string;
  notAfter: string;
  issuer: string;
  /** 'server': sent in the handshake; 'aia': fetched from the certificate's caIssuers address. */
  from: 'server' | 'aia';
  expired: boolean;
  selfIssued: boolean;
}

export interface DiagnosisRow {
  pythonId: string;
  python: string;
  pythonVersion?: string;
  isVenv: boolean;
  client: ClientName;
  /** What the interpreter itself reported (TrustFix's prediction when the probe could not say). */
  ok: boolean;
  /** TrustFix's cause code ("missing-root", "hostname-mismatch", ...). */
  causeCode: string;
  /** The cause in one plain sentence. */
  cause: Message;
  notes: Message[];
  /** The interpreter's own exception text. */
  pythonSays: string | null;
  /** The trust source the client reads (a path, "os-store", or several joined by " + "). */
  trusts: string;
  /** The verification path TrustFix built, leaf first, as fingerprints into CheckResult.chain. */
  path: string[];
  /** What can fix it on this machine: the kind of the repair `plan.make` would choose, or "none". */
  repair: string;
}

export interface CheckResult {
  checkId: string;
  host: string;
  port: number;
  at: string;
  /** The chain the server sent (and intermediates fetched over AIA). */
  chain: ChainLink[];
  rows: DiagnosisRow[];
  unreachable: Message | null;
  interpreterErrors: Array<{ pythonId: string; python: string; problem: Message }>;
  /** The bundle the snippets should point at: one a client verifies this server with. */
  goodBundle?: string;
}

export interface CheckProgressEvent {
  checkId: string;
  step: 'chain' | 'probes' | 'judge';
  done: number;
  total: number;
}

/** A certificate a plan would trust only after the user checks its fingerprint. */
export interface ConfirmCert {
  fingerprint: string;
  name: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** Where TrustFix got it: the server's chain, an AIA address, a file the user picked. */
  from: string;
  confirmed: boolean;
}

export interface PlanStep {
  id: string;
  kind: RepairKind;
  what: Message;
  where: string;
  why: Message;
  needsAdmin: boolean;
  adminWhy?: Message;
  undo: Message;
  notes: Message[];
  /** Safety rule 7 (docs/safety-rules.md): an optional step changes a file that other programs or interpreters share; it is
   * applied only when the user ticks it (plan.apply's `steps`). */
  optional: boolean;
  /** Ticked as the plan comes: the narrow steps are, the optional ones are not. */
  selected: boolean;
  /** Who else reads the file it changes (other interpreters, every program using OpenSSL's default). */
  readers: Message[];
  /** The package or tool that owns that file, and what its next update does to it. */
  owner?: Message;
}

export interface Plan {
  planId: string;
  /** The interpreter the plan is for (the one the pasted error came from), when there is one. */
  focus?: string;
  /** What the plan was made from: a wizard check, the one-click root update, a bundle's panel, or
   * "trust this root for every tool" (plan.trustRoot), or one interpreter's row (plan.useOsStore). */
  origin: 'check' | 'root-update' | 'bundle' | 'trust-root' | 'python';
  steps: PlanStep[];
  needsAdmin: boolean;
  refused: Array<{ what: string; reason: Message }>;
  /** Certificates taken from a server that need the user's explicit confirmation first. */
  confirm: ConfirmCert[];
  /** Facts about the plan as a whole (what cannot be fixed here, what the platform does itself). */
  notes: Message[];
  /** For plan.trustRoot: the root, and per client the setting it gets (or why none). */
  trust?: TrustPlanView;
}

/** "Trust this root for every tool": the root, and one row per client found. */
export interface TrustPlanView {
  root: { name: string; fingerprint: string; inOsStore: boolean };
  clients: TrustClientView[];
}

export interface TrustClientView {
  /** urllib, requests, pip, curl, git, node, npm, uv, conda, mamba, poetry, aws, botocore. */
  client: string;
  executable: string;
  python?: string;
  version?: string;
  /** planned, already, needs-os-store, overridden, no-setting, refused, offered, skipped. */
  status: string;
  /** The setting it gets (trust:route.<route>). */
  route?: string;
  /** Ids of the plan's steps for it (ticking a step ticks its client). */
  steps: string[];
  offered: string[];
  reasons: Message[];
}

/** How one client came out of an apply made from a check (safety rule 8): fixed and kept, still
 * failing (put back, or kept for another client), waiting for a confirmation, or beyond this machine. */
export interface ClientOutcomeRow {
  pythonId: string;
  python: string;
  pythonVersion?: string;
  isVenv: boolean;
  client: ClientName;
  outcome: ClientOutcomeKind;
  /** What it says now (its error; empty when it works). */
  detail: string;
  /** Indices into the plan's steps done for it. */
  steps: number[];
  /** still-failing: its changes were put back (false: they stay, a client that works needs them). */
  putBack?: boolean;
  /** Certificates it needs whose SHA-256 the user has not confirmed yet. */
  confirm?: Array<{ fingerprint: string; name: string }>;
  /** Why nothing here fixes it, or why its repair was refused. */
  reasons?: Message[];
  /** Other routes `check` offers for it, run on their own. */
  otherRoutes?: RepairKind[];
  /** Safety rule 7: ids of optional steps (shared files) that would repair it, left unticked. */
  offered?: string[];
}

export interface ApplyResult {
  planId: string;
  /** Every client the plan was made for works now (for a plan from a check), or every step is done. */
  ok: boolean;
  historyId?: string;
  problems: Message[];
  /** For a plan made from a check: the same URL checked again with each interpreter. */
  recheck?: CheckResult;
  /** For a plan made from a check: each client's outcome, failing ones first. */
  clients?: ClientOutcomeRow[];
  /** Indices of the plan's steps that were done and then put back. */
  putBack?: number[];
}

export interface HistoryEntry {
  id: string;
  at: string;
  command: string;
  state: string;
  summary: Message;
  actions: Message[];
  /** Per action, how undo takes it back (same order as `actions`). */
  undoes: Message[];
  /** The files undo puts back (those still as the change left them), for the confirmation. */
  files: string[];
  problems: Message[];
  undone: boolean;
  canUndo: boolean;
  /** Some of it was done through the OS prompt, so undoing it asks once too. */
  undoNeedsAdmin: boolean;
}

export interface UploadResult {
  uploadId: string;
  certificates: Array<{ fingerprint: string; name: string; isCA: boolean; notAfter: string }>;
}
