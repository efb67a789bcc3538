// File indexes the OS already keeps, asked for candidate names before (or instead of) the walk:
// Everything's es.exe on Windows, Spotlight's mdfind on macOS, plocate/locate on Linux. An index can
// be stale or leave folders out (locate's PRUNEPATHS, Spotlight's privacy list), so its answer adds
// to the walk and never replaces it unless the user asks (`--index-only`).
//  - es.exe: https://www.voidtools.com/support/everything/command_line_interface/ (`/a-d` files only,
//    `wfn:` whole file name, `|` or, `-export-txt` writes the results as UTF-8 text).
//  - mdfind: mdfind(1), `-0` NUL-separated; query language: kMDItemFSName == 'x'c (c: any case).
//  - plocate(1) / locate(1): `-0` NUL-separated, `-b` match the base name, `-i` any case, `-r` regex.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandSpec } from './types.ts';
import { programAbsent } from './notFound.ts';
import { cancelledBy } from '../cancel.ts';

export type AcceleratorTool = 'es' | 'mdfind' | 'plocate' | 'locate';

export interface AcceleratorInfo {
  tool: AcceleratorTool;
  /** The index file, when the tool has one we can see (locate). */
  database?: string;
  /** When the index was last rebuilt (locate's database time). */
  indexedAt?: string;
  found: number;
  elapsedMs: number;
  /** Set when the tool was there but failed; the walk carries on regardless. */
  error?: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function locateCommand(tool: 'plocate' | 'locate', names: readonly string[]): CommandSpec {
  return { file: tool, args: ['-0', '-b', '-i', '-r', `^(${names.map(escapeRegex).join('|')})$`] };
}

export function mdfindCommand(names: readonly string[]): CommandSpec {
  return { file: '/usr/bin/mdfind', args: ['-0', names.map((n) => `kMDItemFSName == '${n}'c`).join(' || ')] };
}

export function esCommand(names: readonly string[], exportFile: string): CommandSpec {
  return { file: 'es.exe', args: ['/a-d', '-export-txt', exportFile, names.map((n) => `wfn:"${n}"`).join('|')] };
}

/** NUL- or newline-separated paths, blank entries dropped; only names we asked for are kept. */
export function parsePathList(output: string, names: readonly string[], sep: '\0' | '\n'): string[] {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const out: string[] = [];
  for (const raw of output.split(sep)) {
    const path = sep === '\n' ? raw.replace(/\r$/, '').replace(/^\uFEFF/, '') : raw;
    if (!path) continue;
    const base = path.split(/[\\/]/).at(-1)!.toLowerCase();
    if (wanted.has(base)) out.push(path);
  }
  return out;
}

/** Linux locate databases, newest implementation first. */
export const LOCATE_DATABASES: ReadonlyArray<{ tool: 'plocate' | 'locate'; file: string }> = [
  { tool: 'plocate', file: '/var/lib/plocate/plocate.db' },
  { tool: 'locate', file: '/var/lib/mlocate/mlocate.db' },
  { tool: 'locate', file: '/var/cache/locate/locatedb' },
];

export interface AcceleratorAnswer {
  info: AcceleratorInfo;
  paths: string[];
}

/** execa is loaded on first use: most machines have no index to ask, and start-up stays short. */
async function run(
  cmd: CommandSpec,
  signal?: AbortSignal,
): Promise<{ stdout: string; failed: boolean; absent: boolean; message: string }> {
  const r = await (
    await import('execa')
  ).execa(cmd.file, cmd.args, { timeout: 30_000, reject: false, encoding: 'utf8', ...cancelledBy(signal) });
  const failed = r.failed && !(cmd.file.endsWith('locate') && r.exitCode === 1); // locate exits 1 when nothing matched
  const absent =
    r.failed &&
    programAbsent({
      code: (r as { code?: string }).code,
      exitCode: r.exitCode,
      stderr: String(r.stderr ?? ''),
      stdout: String(r.stdout ?? ''),
    });
  return {
    stdout: String(r.stdout ?? ''),
    failed,
    absent,
    message: r.failed ? String(r.shortMessage ?? r.message) : '',
  };
}

/** The answer with how many it found and how long the ask took (from `started`). */
function answer(
  started: number,
  info: Omit<AcceleratorInfo, 'elapsedMs' | 'found'>,
  paths: string[],
): AcceleratorAnswer {
  return { info: { ...info, found: paths.length, elapsedMs: Math.round(performance.now() - started) }, paths };
}

/** Linux: the first locate database present (plocate's, mlocate's, findutils'); undefined when none. */
export async function locateIndex(
  names: readonly string[],
  signal?: AbortSignal,
): Promise<AcceleratorAnswer | undefined> {
  const started = performance.now();
  for (const db of LOCATE_DATABASES) {
    const info = await stat(db.file).catch(() => undefined);
    if (!info) continue;
    const r = await run(locateCommand(db.tool, names), signal);
    const base = { tool: db.tool, database: db.file, indexedAt: info.mtime.toISOString() };
    if (r.failed) return answer(started, { ...base, error: r.message }, []);
    return answer(started, base, parsePathList(r.stdout, names, '\0'));
  }
  return undefined;
}

/** macOS: Spotlight. */
export async function spotlightIndex(
  names: readonly string[],
  signal?: AbortSignal,
): Promise<AcceleratorAnswer | undefined> {
  const started = performance.now();
  const r = await run(mdfindCommand(names), signal);
  if (r.failed) return answer(started, { tool: 'mdfind', error: r.message }, []);
  return answer(started, { tool: 'mdfind' }, parsePathList(r.stdout, names, '\0'));
}

/** Windows: Everything's es.exe, when installed and running. */
export async function everythingIndex(
  names: readonly string[],
  signal?: AbortSignal,
): Promise<AcceleratorAnswer | undefined> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'trustfix-es-'));
  try {
    const out = join(dir, 'found.txt');
    const r = await run(esCommand(names, out), signal);
    // No es.exe, or Everything not running (es exits with an error level): nothing to ask.
    if (r.failed) return r.absent ? undefined : answer(started, { tool: 'es', error: r.message }, []);
    const text = await readFile(out, 'utf8').catch(() => '');
    return answer(started, { tool: 'es' }, parsePathList(text, names, '\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
