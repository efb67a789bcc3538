// What planning needs besides the request: the trust context, the data folder, which files the scan
// found (real paths), and who is asking (written into marked blocks).
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { TrustContext } from '../context.ts';
import { msg } from '../messages.ts';
import type { Elevation, FileChange } from './action.ts';
import { checkPathSyntax, identify, isInside, realPathOf, refuse, writableByMe } from './pathGuard.ts';

export interface PlanContext {
  ctx: TrustContext;
  dataDir: string;
  /** Real paths of bundles the scan found: the only bundles a plan may change. */
  findings: ReadonlySet<string>;
  who: string;
  now: Date;
  /** Which OS the plan is for (this machine's; tests name one). The backend itself is ctx.platform. */
  os: NodeJS.Platform;
  home: string;
}

export function defaultWho(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function elevationFor(path: string): Promise<Elevation> {
  if (await writableByMe(path)) return { needed: false };
  return { needed: true, why: msg('repair:elevation.notWritable', { path }) };
}

/** A file change on a path that passed the guard; `content` null removes the file. */
export async function fileChange(
  pc: PlanContext,
  path: string,
  content: Buffer | null,
  allowedAs: FileChange['allowedAs'],
  verify: FileChange['verify'],
  /** The bytes `content` was computed from (null: from no file), read earlier: the plan must describe
   * that very file, or a change made in between (another TrustFix run) would be lost. */
  basis?: Buffer | null,
): Promise<{ change: FileChange; old: Buffer | null }> {
  checkPathSyntax(path);
  const realPath = await realPathOf(path);
  if (allowedAs === 'finding' && !pc.findings.has(realPath)) refuse('notAFinding', { path });
  if (allowedAs === 'data-dir' && !isInside(await realPathOf(pc.dataDir), realPath)) refuse('outsideDataDir', { path });
  const current = await identify(path);
  // A file the user picked is written into a folder that is there: TrustFix makes no folders of its
  // own choosing outside its data folder and the home's settings folders, and an absent one would
  // otherwise surface at write time as a bare ENOENT.
  if (
    current === null &&
    allowedAs === 'user-picked' &&
    !(await stat(dirname(path)).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    refuse('noFolder', { folder: dirname(path), path });
  const basisSha = basis ? createHash('sha256').update(basis).digest('hex') : null;
  if (basis !== undefined && (current?.identity.sha256 ?? null) !== basisSha) refuse('changedSincePlan', { path });
  // A new settings file in the user's home may need its folders (~/.aws, ~/.config/uv): made with
  // it, taken back with it. Anywhere else a missing folder refuses the plan, as before.
  // TrustFix's own subfolders of its data folder (trust/) likewise: undo leaves the folder as it was.
  const makeDirs =
    current === null && allowedAs === 'profile'
      ? await missingFolders(pc.home, path)
      : current === null && allowedAs === 'data-dir'
        ? await missingInside(pc.dataDir, path)
        : [];
  return {
    old: current?.bytes ?? null,
    change: {
      type: 'file',
      path,
      realPath,
      before: current?.identity ?? null,
      after: content ? { sha256: createHash('sha256').update(content).digest('hex'), size: content.length } : null,
      ...(content ? { content } : {}),
      verify,
      allowedAs,
      ...(makeDirs.length ? { makeDirs } : {}),
    },
  };
}

/** The missing folders above `path` strictly inside `dir` (the data folder itself, and what is above
 * it, are never taken back). */
async function missingInside(dir: string, path: string): Promise<string[]> {
  const top = await realPathOf(dir);
  const out: string[] = [];
  for (let d = dirname(path); dirname(d) !== d; d = dirname(d)) {
    if (
      await stat(d).then(
        () => true,
        () => false,
      )
    )
      break;
    out.unshift(d);
  }
  const inside: string[] = [];
  for (const d of out) if ((await realPathOf(d)) !== top && isInside(top, await realPathOf(d))) inside.push(d);
  return inside;
}

/** The folders above `path` that do not exist, outermost first, all inside `home` (else a refusal:
 * TrustFix makes folders only in the user's own home). */
async function missingFolders(home: string, path: string): Promise<string[]> {
  const out: string[] = [];
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) {
    const there = await stat(dir).then(
      (s) => (s.isDirectory() ? 'dir' : 'other'),
      () => 'none',
    );
    if (there === 'dir') break;
    if (there === 'other') refuse('notAFolder', { path: dir });
    out.unshift(dir);
  }
  if (out.length > 0 && !isInside(await realPathOf(home), await realPathOf(out[0]!))) refuse('outsideHome', { path });
  return out;
}
