// The undo journal, in the data folder:
//   journal/<id>/entry.json   the command, its action records, and per change its state
//   journal/<id>/before-<a>-<c>.bin   the exact bytes of a file before change <c> of action <a>
// Order on disk, so a kill at any point leaves something undo can read: backup bytes (fsynced),
// then the change marked "pending", then the write, then "done". Undo trusts hashes, not states:
// a file still equal to its old hash needs nothing; one equal to the new hash gets its backup back.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Message } from '../messages.ts';
import type { ActionRecord, Change } from './action.ts';
import { atomicWrite } from './atomicWrite.ts';

// The journal's states, defined here once; walk.ts, apply.ts and revert.ts move them only as below.
// A change:
//   planned      nothing done yet (a kill here leaves the file untouched)
//   pending      its backup is kept and it is about to be done (a kill may leave either content)
//   done         done and read back
//   rolled-back  taken back by the command that did it (a failure, or its client still failing)
//   undone       taken back later, by `trustfix undo`
//   conflict     changed by someone else since: left alone, reported
// An entry (one command):
//   applying     under way, or killed (undo finishes it by hashes)
//   applied      every change done and every check passed (some actions may be rolled back on
//                their own when their client still failed)
//   rolled-back  everything it did was taken back
//   failed       a rollback could not take everything back: `trustfix undo` it
//   undone / partly-undone   after `trustfix undo`
export type EntryState = 'applying' | 'applied' | 'rolled-back' | 'failed' | 'undone' | 'partly-undone';
export type ChangeState = 'planned' | 'pending' | 'done' | 'rolled-back' | 'undone' | 'conflict';

/** Changes an undo or rollback looks at (the hashes then say what is really there). */
export const TAKE_BACK: ReadonlySet<ChangeState> = new Set(['pending', 'done', 'conflict']);
/** Entries `trustfix undo` and the app's history may take back. */
const UNDOABLE: ReadonlySet<EntryState> = new Set(['applied', 'applying', 'partly-undone', 'failed']);

export function canUndo(state: EntryState): boolean {
  return UNDOABLE.has(state);
}

/** The entry's state after taking back what it did: all of it, or not quite. */
export function afterTakeBack(finalState: 'rolled-back' | 'undone', ok: boolean): EntryState {
  return ok ? finalState : finalState === 'undone' ? 'partly-undone' : 'failed';
}

export interface JournalChange {
  change: Change;
  state: ChangeState;
  /** File name of the backup inside the entry folder. */
  backup?: string;
  /** Done through the OS prompt. */
  elevated?: boolean;
  problem?: Message;
}

export interface JournalAction {
  record: Omit<ActionRecord, 'changes'>;
  changes: JournalChange[];
}

export interface JournalEntry {
  id: string;
  command: string;
  createdAt: string;
  user: string;
  state: EntryState;
  actions: JournalAction[];
  problems: Message[];
  undoneAt?: string;
}

export function journalDir(dataDir: string): string {
  return join(dataDir, 'journal');
}

export function newEntryId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

const ID_RE = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

export function isEntryId(id: string): boolean {
  return ID_RE.test(id);
}

export function stripContent(change: Change): Change {
  if (change.type !== 'file') return change;
  const { content: _content, ...rest } = change;
  return rest;
}

export class Journal {
  readonly dataDir: string;
  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  entryDir(id: string): string {
    if (!isEntryId(id)) throw new Error(`not a journal entry id: ${id}`);
    return join(journalDir(this.dataDir), id);
  }

  async create(command: string, actions: ActionRecord[]): Promise<JournalEntry> {
    const entry: JournalEntry = {
      id: newEntryId(),
      command,
      createdAt: new Date().toISOString(),
      user: safeUser(),
      state: 'applying',
      problems: [],
      actions: actions.map(({ changes, ...record }) => ({
        record,
        changes: changes.map((c) => ({ change: stripContent(c), state: 'planned' as const })),
      })),
    };
    await mkdir(this.entryDir(entry.id), { recursive: true, mode: 0o700 });
    await this.save(entry);
    return entry;
  }

  async save(entry: JournalEntry): Promise<void> {
    await atomicWrite(join(this.entryDir(entry.id), 'entry.json'), Buffer.from(`${JSON.stringify(entry, null, 2)}\n`));
  }

  /** Keeps the exact bytes; returns the file name used. */
  async backup(entry: JournalEntry, action: number, change: number, bytes: Buffer): Promise<string> {
    const name = `before-${action}-${change}.bin`;
    await atomicWrite(join(this.entryDir(entry.id), name), bytes, { mode: 0o600 });
    return name;
  }

  async readBackup(entry: JournalEntry, name: string): Promise<Buffer> {
    if (!/^before-\d+-\d+\.bin$/.test(name)) throw new Error(`not a backup name: ${name}`);
    return readFile(join(this.entryDir(entry.id), name));
  }

  async remove(entry: JournalEntry): Promise<void> {
    await rm(this.entryDir(entry.id), { recursive: true, force: true });
  }

  async load(id: string): Promise<JournalEntry | undefined> {
    try {
      return JSON.parse(await readFile(join(this.entryDir(id), 'entry.json'), 'utf8')) as JournalEntry;
    } catch {
      return undefined;
    }
  }

  /** Newest first. Unreadable entries (a kill before the first save) are skipped. */
  async list(): Promise<JournalEntry[]> {
    const names = await readdir(journalDir(this.dataDir)).catch(() => [] as string[]);
    const entries: JournalEntry[] = [];
    for (const name of names.filter(isEntryId)) {
      const entry = await this.load(name);
      if (entry) entries.push(entry);
    }
    return entries.sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id),
    );
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}
