// A file step: one file going from exactly one content to another (a missing file counts as a
// content; a removal ends in one). check() opens the target without following a link (target.ts)
// and compares its hash with where the step starts; do() replaces it through safeFile.ts; verify()
// reads it back; inverse() is the step from the new content back to the bytes it replaced. Apply,
// undo, rollback and the elevated process all run files through this class.
import { mkdir, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import { msg, Problem, type Message } from '../messages.ts';
import type { FileChange, FileVerify } from './action.ts';
import type { BatchStep, ElevatedFileRecord } from './elevation.ts';
import { isInside, realPathOf, refuse, writableByMe } from './pathGuard.ts';
import { ConflictError, type Readiness, type Step } from './step.ts';
import { openTarget, readBack, releaseChecked, writeChecked, type CheckedTarget } from './target.ts';

export interface FileStepSpec {
  /** As named (and shown); `real`: the real path the plan resolved, the exact name written. */
  path: string;
  real: string;
  /** The hash the file has where the step starts (null: no file). */
  from: string | null;
  /** What it writes (null: it removes the file), and that content's hash. */
  content: Buffer | null;
  to: string | null;
  verify: FileVerify;
  allowedAs: FileChange['allowedAs'];
  /** What the elevated process checks the content for. */
  purpose: ElevatedFileRecord['purpose'];
  undoing: boolean;
  /** TrustFix's data folder, where a file may make its missing folders; null elsewhere. */
  dataDir: string | null;
  /** Mode of a file that is new (an existing one keeps its own, and its owner). */
  mode: number;
  /** A new settings file's missing folders (outermost first): made before it is written, removed
   * (when empty) after it is taken back. */
  makeDirs?: string[];
  os?: NodeJS.Platform;
}

export class FileStep implements Step {
  readonly spec: FileStepSpec;
  readonly last = false;
  private target: CheckedTarget | null = null;
  private old: Buffer | null = null;

  constructor(spec: FileStepSpec) {
    this.spec = spec;
  }

  static forChange(
    change: FileChange,
    dataDir: string,
    purpose: ElevatedFileRecord['purpose'],
    os?: NodeJS.Platform,
  ): FileStep {
    return new FileStep({
      path: change.path,
      real: change.realPath,
      from: change.before?.sha256 ?? null,
      content: change.content ?? null,
      to: change.after?.sha256 ?? null,
      verify: change.verify,
      allowedAs: change.allowedAs,
      purpose,
      undoing: false,
      dataDir,
      mode: 0o644,
      ...(change.makeDirs?.length ? { makeDirs: change.makeDirs } : {}),
      ...(os ? { os } : {}),
    });
  }

  get where(): string {
    return this.spec.path;
  }

  get locks(): string[] {
    return [this.spec.real];
  }

  get undoing(): boolean {
    return this.spec.undoing;
  }

  async needsElevation(): Promise<boolean> {
    if (await writableByMe(this.spec.path)) return false;
    this.elevatableAs();
    return true;
  }

  async check(): Promise<Readiness> {
    const { path, real, from, to } = this.spec;
    await this.makeDataDirFolders();
    await this.makeSettingsFolders();
    const target = await openTarget(path, real, this.spec.os);
    const now = target.old?.identity.sha256 ?? null;
    if (now === from) {
      this.target = target;
      this.old = target.old?.bytes ?? null;
      return 'ready';
    }
    await releaseChecked(target);
    if (this.spec.undoing) {
      if (now === to) return 'done';
      throw new ConflictError(path);
    }
    if (from === null) refuse('appeared', { path });
    if (now === null) refuse('vanished', { path });
    refuse('changedSincePlan', { path });
  }

  replaced(): Buffer | null {
    return this.old;
  }

  async do(): Promise<void> {
    const target = this.target;
    if (!target) throw new Error(`check ${this.spec.path} before writing it`);
    this.target = null;
    await writeChecked(target, this.spec.content, { mode: this.spec.mode });
    if (this.spec.content === null && this.spec.undoing) await this.removeSettingsFolders();
  }

  async release(): Promise<void> {
    if (this.target) await releaseChecked(this.target);
    this.target = null;
  }

  /** The bytes at the name written (read without following a link) are the intended ones and
   * parse as intended. */
  async verify(): Promise<Message | null> {
    const { path, to, verify } = this.spec;
    const now = await readBack(this.spec.real, this.spec.os).catch(() => null);
    if (to === null) return now ? msg('repair:verify.stillThere', { path }) : null;
    if (!now) return msg('repair:verify.missing', { path });
    if (now.identity.sha256 !== to) return msg('repair:verify.bytesDiffer', { path });
    if (verify.kind === 'bundle') {
      const got = new Set(splitBundle(now.bytes).ders.map((d) => sha256Hex(d)));
      const missing = verify.fingerprints.filter((fp) => !got.has(fp));
      if (missing.length > 0 || got.size !== verify.fingerprints.length)
        return msg('repair:verify.certificatesDiffer', { path, missing: missing.length });
    }
    return null;
  }

  inverse(replaced: Buffer | null): FileStep {
    const { from, to } = this.spec;
    return new FileStep({
      ...this.spec,
      from: to,
      to: from,
      content: replaced,
      verify: { kind: 'text' },
      purpose: 'restore',
      undoing: true,
    });
  }

  records(): BatchStep[] {
    const { path, real, from, content, purpose } = this.spec;
    return [
      {
        record: {
          op: content === null ? 'remove-file' : 'write-file',
          target: path,
          plannedRealPath: real,
          expectedSha256: from,
          purpose,
          allowedAs: this.elevatableAs(),
        },
        ...(content ? { content } : {}),
      },
    ];
  }

  /** Why the elevated process may write this file (a scan finding, the OS store's anchor folder),
   * or a refusal: TrustFix asks for administrator rights for nothing else. */
  private elevatableAs(): ElevatedFileRecord['allowedAs'] {
    const { allowedAs, path } = this.spec;
    if (allowedAs === 'finding' || allowedAs === 'os-store') return allowedAs;
    throw new Problem(msg('repair:elevation.notForThis', { path }));
  }

  /** A new settings file in a folder that does not exist yet (~/.aws/config): its folders are made,
   * one level at a time, only those the plan named (an existing one is fine: made meanwhile). */
  private async makeSettingsFolders(): Promise<void> {
    const { makeDirs, from, undoing } = this.spec;
    if (!makeDirs?.length || from !== null || undoing) return;
    for (const dir of makeDirs) {
      await mkdir(dir, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
  }

  /** After the file TrustFix created is taken back: its folders go too, innermost first, each only
   * when empty (something else put there since stays, with its folder). */
  private async removeSettingsFolders(): Promise<void> {
    for (const dir of [...(this.spec.makeDirs ?? [])].reverse()) {
      const gone = await rmdir(dir).then(
        () => true,
        () => false,
      );
      if (!gone) return;
    }
  }

  /** A file TrustFix makes in its data folder (the OS store's copy of a root in `store/`, the merged
   * bundle) may be the first in its folder: the missing folders are made, only inside the data folder. */
  private async makeDataDirFolders(): Promise<void> {
    const { allowedAs, from, dataDir, real, path } = this.spec;
    if (allowedAs !== 'data-dir' || from !== null || dataDir === null) return;
    if (!isInside(await realPathOf(dataDir), dirname(real))) refuse('outsideDataDir', { path });
    await mkdir(dirname(real), { recursive: true });
  }
}
