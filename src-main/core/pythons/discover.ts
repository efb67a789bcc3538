// Every interpreter on the machine, each listed once: candidates from every source (locations.ts,
// the Windows launcher and registry, conda's own list), shims resolved to what they run, symlinks
// and second names folded into one entry (identity.ts).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { platformFor } from '../platform/index.ts';
import type { CommandSpec, Platform } from '../platform/types.ts';
import { interpreterId, interpreterKey } from './identity.ts';
import * as loc from './locations.ts';
import { isPyenvShim, resolvePyenvShim } from './shims.ts';
import { parsePyLauncherList, parseRegQuery, PEP514_ROOTS, pyLauncherCommand, regQueryCommand } from './windows.ts';
import { cancelledBy } from '../cancel.ts';

export interface DiscoverOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
  cwd?: string;
  /** The OS backend whose places are searched; this machine's by default. */
  platform?: Platform;
  /** --python: interpreters, venv folders or pyvenv.cfg files the user named. */
  pythons?: string[];
  /** Only the --python ones (and pyvenvCfgs): no discovery. */
  only?: boolean;
  /** pyvenv.cfg files found by the disk walk. */
  pyvenvCfgs?: string[];
  /** Runs a command and returns its stdout, or undefined if it failed; replaceable in tests. */
  runCommand?: (spec: CommandSpec, signal?: AbortSignal) => Promise<string | undefined>;
  /** Where conda's environment list is cached (it costs a conda start). */
  dataDir?: string;
  signal?: AbortSignal;
}

export interface DiscoveredInterpreter {
  id: string;
  key: string;
  executable: string;
  real: string;
  aliases: string[];
  foundBy: string[];
  venv?: string;
}

/** Runs a discovery command (py -0p, reg query, conda env list) as the OS backend starts it: a
 * Windows conda.bat through cmd.exe, quoted (platform/launch.ts); one it refuses gives nothing. */
export async function defaultRunCommand(spec: CommandSpec, signal?: AbortSignal): Promise<string | undefined> {
  const launch = platformFor().launch(spec, process.env);
  if (!launch.ok) return undefined;
  const { command } = launch;
  const r = await execa(command.file, command.args, {
    reject: false,
    timeout: 15_000,
    stdin: 'ignore',
    ...(command.verbatim ? { windowsVerbatimArguments: true } : {}),
    ...cancelledBy(signal),
  });
  return r.exitCode === 0 ? String(r.stdout) : undefined;
}

async function windowsCandidates(
  run: NonNullable<DiscoverOptions['runCommand']>,
  signal?: AbortSignal,
): Promise<loc.Candidate[]> {
  const [py, ...regs] = await Promise.all([
    run(pyLauncherCommand(), signal),
    ...PEP514_ROOTS.map((r) => run(regQueryCommand(r), signal)),
  ]);
  const out: loc.Candidate[] = parsePyLauncherList(py ?? '').map((path) => ({ path, foundBy: 'py-launcher' }));
  for (const text of regs)
    for (const i of parseRegQuery(text ?? '')) out.push({ path: i.executable, foundBy: 'registry' });
  return out;
}

async function findConda(ctx: loc.LocationContext): Promise<string | undefined> {
  const { names, binDir } = ctx.platform.pythons.condaPrograms;
  const dirs = [
    ...(ctx.env.PATH ?? '').split(delimiter),
    ...loc.condaBaseDirs(ctx).flatMap((b) => [join(b, binDir), join(b, 'condabin')]),
  ];
  if (ctx.env.CONDA_EXE) return ctx.env.CONDA_EXE;
  for (const dir of dirs)
    for (const n of names)
      if (
        await stat(join(dir, n))
          .then((s) => s.isFile())
          .catch(() => false)
      )
        return join(dir, n);
  return undefined;
}

/** `conda env list --json` ({"envs": [...]}), cached by the conda executable and environments.txt. */
async function condaEnvList(
  ctx: loc.LocationContext,
  opts: DiscoverOptions,
  run: NonNullable<DiscoverOptions['runCommand']>,
): Promise<string[]> {
  const conda = await findConda(ctx);
  if (!conda) return [];
  const mtime = async (p: string): Promise<number> =>
    stat(p)
      .then((s) => s.mtimeMs)
      .catch(() => 0);
  const key = `${conda}|${await mtime(conda)}|${await mtime(join(ctx.home, '.conda', 'environments.txt'))}`;
  const cacheFile = opts.dataDir ? join(opts.dataDir, 'conda-envs.json') : undefined;
  if (cacheFile) {
    const cached = await readFile(cacheFile, 'utf8')
      .then((t) => JSON.parse(t) as { key: string; envs: string[] })
      .catch(() => undefined);
    if (cached?.key === key) return cached.envs;
  }
  const stdout = await run({ file: conda, args: ['env', 'list', '--json'] }, opts.signal);
  let envs: string[] = [];
  try {
    const parsed = JSON.parse(stdout ?? '') as { envs?: unknown };
    if (Array.isArray(parsed.envs)) envs = parsed.envs.filter((e): e is string => typeof e === 'string');
  } catch {
    return [];
  }
  if (cacheFile)
    await mkdir(opts.dataDir!, { recursive: true })
      .then(() => writeFile(cacheFile, JSON.stringify({ key, envs })))
      .catch(() => undefined);
  return envs;
}

export async function candidates(opts: DiscoverOptions = {}): Promise<loc.Candidate[]> {
  const ctx: loc.LocationContext = {
    env: opts.env ?? process.env,
    home: opts.home ?? homedir(),
    cwd: opts.cwd ?? process.cwd(),
    platform: opts.platform ?? platformFor(),
  };
  const run = opts.runCommand ?? defaultRunCommand;
  const user = await loc.fromUserPaths(opts.pythons ?? [], ctx);
  const cfgs = await loc.fromPyvenvCfgs(opts.pyvenvCfgs ?? [], ctx);
  if (opts.only) return [...user, ...cfgs];
  const [path, pyenv, uv, brew, winDirs, venvDirs, envTxt, condaList, win] = await Promise.all([
    loc.fromPath(ctx),
    loc.fromPyenv(ctx),
    loc.fromUv(ctx),
    loc.fromHomebrewAndFrameworks(ctx),
    loc.fromWindowsFolders(ctx),
    loc.knownVenvDirs(ctx),
    loc.condaEnvironmentsTxt(ctx),
    condaEnvList(ctx, opts, run),
    ctx.platform.pythons.launcherAndRegistry ? windowsCandidates(run, opts.signal) : Promise.resolve([]),
  ]);
  const conda = await loc.fromCondaPrefixes([...envTxt, ...condaList], ctx);
  const venvs = await loc.fromPyvenvCfgs(venvDirs, ctx);
  return [...user, ...path, ...win, ...pyenv, ...conda, ...uv, ...brew, ...winDirs, ...cfgs, ...venvs];
}

/** Candidates -> interpreters: shims resolved, one entry per real interpreter (or venv). */
export async function discoverInterpreters(opts: DiscoverOptions = {}): Promise<DiscoveredInterpreter[]> {
  const env = opts.env ?? process.env;
  const places = (opts.platform ?? platformFor()).pythons;
  const home = opts.home ?? homedir();
  const shimCtx = {
    env,
    cwd: opts.cwd ?? process.cwd(),
    home,
    win: places.windowsNames,
    pyenvRoot: places.pyenv(env, home).root,
  };
  const found = await candidates(opts);
  const resolved = await Promise.all(
    found.map(async (c) => {
      if (c.foundBy === '--python' || !(await isPyenvShim(c.path, shimCtx)))
        return { ...c, shim: undefined as string | undefined };
      const target = await resolvePyenvShim(c.path, shimCtx);
      return target ? { path: target, foundBy: `${c.foundBy} (pyenv shim)`, shim: c.path } : undefined;
    }),
  );
  const byKey = new Map<string, DiscoveredInterpreter>();
  for (const c of resolved) {
    if (!c) continue; // a shim whose selected version is not installed runs nothing
    const id = await interpreterKey(c.path);
    let entry = byKey.get(id.key);
    if (!entry) {
      entry = {
        id: interpreterId(id.key),
        key: id.key,
        executable: c.path,
        real: id.real,
        aliases: [],
        foundBy: [],
        ...(id.venv ? { venv: id.venv } : {}),
      };
      byKey.set(id.key, entry);
    }
    for (const alias of [c.path, c.shim])
      if (alias && alias !== entry.executable && !entry.aliases.includes(alias)) entry.aliases.push(alias);
    if (!entry.foundBy.includes(c.foundBy)) entry.foundBy.push(c.foundBy);
  }
  return [...byKey.values()];
}
