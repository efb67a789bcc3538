// A repair as a plain record before anything runs (safety rule 1, docs/safety-rules.md): what, where, why, whether it needs
// elevation and why, and how it is undone. The concrete effects are `changes`; the journal stores the
// same records with the backups taken, so an undo reads exactly what was done.
import type { Message } from '../messages.ts';
import type { CommandSpec, ReadBack } from '../platform/types.ts';
import type { ClientName } from '../pythons/types.ts';
import type { RepairKind } from '../diagnose/proposal.ts';
import type { FileIdentity } from './pathGuard.ts';
import type { Scope } from './scope.ts';

export type ActionKind = Exclude<RepairKind, 'none'>;

/** How to check a written file: parse it as a bundle and compare the certificate set, or as text. */
export type FileVerify = { kind: 'bundle'; fingerprints: string[] } | { kind: 'text' };

export interface FileChange {
  type: 'file';
  path: string;
  /** The real path at planning time: a symlink swapped in afterwards is refused. */
  realPath: string;
  /** null: the file does not exist yet (undo removes it). */
  before: FileIdentity | null;
  /** null: the change removes the file. */
  after: { sha256: string; size: number } | null;
  /** The new bytes (not written to JSON output; the journal keeps them as a file). */
  content?: Buffer;
  verify: FileVerify;
  /** Why this path may be written: a scan finding, TrustFix's data folder, or a file the user named. */
  allowedAs: 'finding' | 'data-dir' | 'user-picked' | 'os-store' | 'python' | 'profile';
  /** Folders (outermost first) that did not exist when planned and are made for a new file: a settings
   * file in the user's home (~/.aws, ~/.config/uv), or a subfolder of the data folder (trust/); taking
   * the file back removes them again when empty. */
  makeDirs?: string[];
}

export interface CommandChange {
  type: 'command';
  /** For people: what running it does. */
  label: Message;
  run: CommandSpec;
  /** Run in order to take it back; empty when nothing needs undoing. */
  undo: CommandSpec[];
  /** Show the command's output live (pip). */
  live?: boolean;
  /** Extra environment for the command (values passed out of band, never spliced into a script). */
  env?: Record<string, string>;
  /** Undo runs this command's undo after the action's file changes are taken back (a store
   * refresh must see the anchor file gone). */
  undoLast?: boolean;
  /** Needs the OS prompt to run (store commands). */
  elevated?: boolean;
  /** The root a store command adds or takes back (Windows, macOS): the elevated process rebuilds the
   * command from this file and runs it only when it matches. */
  certFile?: string;
  /** A folder in TrustFix's data folder the command writes into (Windows Update's roots.sst in
   * store/), made by this user before the command runs (and before any elevation). */
  workDir?: string;
}

export type Change = FileChange | CommandChange;

/**
 * A read-back after an action's changes (safety rule 3: "done" only after proof): the setting, store or
 * interpreter is asked again and must show the change. A failed check is a failed action. The kinds
 * (defined with the platform, which builds most of them): a command whose output contains `expect`; a
 * command whose decoded value equals `expect` (a variable read back); a file holding a certificate.
 */
export type ActionCheck = ReadBack;

export interface Elevation {
  needed: boolean;
  /** One sentence, shown before the OS asks. */
  why?: Message;
}

export interface ActionRecord {
  id: string;
  kind: ActionKind;
  what: Message;
  /** Where it changes something: a path, "HKCU\\Environment\\SSL_CERT_FILE", "the OS root store". */
  where: string;
  why: Message;
  elevation: Elevation;
  undo: Message;
  /** Things people should know: roots kept by a refresh, certificates already present. */
  notes: Message[];
  changes: Change[];
  /** Read-backs run after the changes; apply says "done" only when each passes. */
  checks?: ActionCheck[];
  /** Safety rule 7: whether it changes only the interpreter's own files, who else reads what it
   * changes, and the package or tool that owns it (see scope.ts). */
  scope?: Scope;
  /** The interpreter and client a repair from a check is meant to fix (what is re-checked after it). */
  repairs?: { python: string; client: ClientName };
}

export interface Plan {
  actions: ActionRecord[];
  /** Proposals or requests that were refused, with the reason. */
  refused: Array<{ what: string; reason: Message }>;
  /** Safety rule 7: changes to files other programs share, offered but never applied unless the user
   * selects them (narrow.ts selectSteps moves them into `actions`). */
  offered?: ActionRecord[];
}

/** The plan as JSON: contents are replaced by their hash and size. */
export function planForJson(plan: Plan): unknown {
  const forJson = (a: ActionRecord) => ({
    ...a,
    changes: a.changes.map((c) => (c.type === 'file' ? { ...c, content: undefined } : c)),
  });
  return {
    actions: plan.actions.map(forJson),
    refused: plan.refused,
    ...(plan.offered ? { offered: plan.offered.map(forJson) } : {}),
  };
}
