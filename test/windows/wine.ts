// The Windows lane's one way into Wine: every call with a clean environment (the host's SSL_CERT_FILE,
// PIP_CERT ... would otherwise leak into the Windows program), a timeout, WINEDEBUG=-all, and the
// program's stdout and stderr going to files (a Windows Node writing to a pipe fails with
// "open EBADF at new Socket", ../shared/WINDOWS-LANE.md). Paths: Z:\ is the Linux root, C:\ the
// prefix's drive_c.
import { execa } from 'execa';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** A descriptor for execa's stdio: its types take only literal numbers, but at run time any open
 * descriptor is handed to the child as it is. */
export const fdOf = (fd: number): 1 => fd as 1;

/** What globalSetup.ts hands every lane test (vitest's provide/inject). */
export interface LaneInfo {
  /** Set when the lane cannot run here: the reason, shown in each test's title. */
  skip?: string;
  /** The lane's own temp folder: HOME for Wine, the prefix, outputs. */
  dir: string;
  prefix: string;
  /** node.exe, as a Windows path. */
  node: string;
  /** The TrustFix checkout under test (a Linux path). */
  app: string;
  /** The script node.exe runs: the checkout's bin/trustfix.js (which picks the compiled CLI), or with
   * TRUSTFIX_LANE_ENTRY=dist a launcher that imports dist/src-main/cli/main.js itself (for a commit
   * whose bin/trustfix.js refuses Node 22, before the Node 22 floor). */
  entry: string;
}

// TRUSTFIX_LANE_WINE64 names another Wine (or a missing one, to see the lane skip and say why).
export const WINE64 = process.env.TRUSTFIX_LANE_WINE64 ?? '/usr/lib/wine/wine64';
export const WINESERVER = '/usr/lib/wine/wineserver';

/** A Linux path as the Windows program sees it (Z: maps /). */
export const toWin = (linuxPath: string): string => `Z:${linuxPath.replace(/\//g, '\\')}`;

/** A C:\ path's file on the Linux side, in the prefix's drive_c. */
export function onC(lane: Pick<LaneInfo, 'prefix'>, winPath: string): string {
  if (!/^C:\\/i.test(winPath)) throw new Error(`not a C:\\ path: ${winPath}`);
  return join(lane.prefix, 'drive_c', ...winPath.slice(3).split('\\').filter(Boolean));
}

/** Writes a file at a C:\ path (folders made), as an installer would have left it. */
export function layOnC(lane: Pick<LaneInfo, 'prefix'>, winPath: string, content: string | Buffer): string {
  const file = onC(lane, winPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** The clean environment every Wine call gets; `extra` reaches the Windows program too (Wine passes
 * Unix variables through; WINEPATH is prepended to the Windows PATH). */
export function wineEnv(
  lane: Pick<LaneInfo, 'dir' | 'prefix'>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HOME: join(lane.dir, 'home'),
    USER: 'root',
    LANG: 'C.UTF-8',
    PATH: '/usr/bin:/bin',
    WINEPREFIX: lane.prefix,
    WINEDEBUG: '-all',
    // No Gecko/Mono installers: the lane needs neither, and they would try the network.
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    ...extra,
  };
}

export interface WineResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  timedOut: boolean;
  ms: number;
}

let seq = 0;

/** Runs a Windows program (`program` as Wine finds it: reg.exe, cmd.exe, or a Windows path). */
export interface WineOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Run inside a private mount namespace with this file bind-mounted over the host's
   * /etc/ssl/certs/ca-certificates.crt (Wine builds its root store from it when a process starts).
   * The real file is never written. Stop the running wineserver first (stopWineserver). */
  hostCaBundle?: string;
}

export const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export async function wine(
  lane: Pick<LaneInfo, 'dir' | 'prefix'>,
  program: string,
  args: string[],
  options: WineOptions = {},
): Promise<WineResult> {
  const n = ++seq;
  const out = join(lane.dir, 'out', `${n}.stdout`);
  const err = join(lane.dir, 'out', `${n}.stderr`);
  mkdirSync(dirname(out), { recursive: true });
  const outFd = openSync(out, 'w');
  const errFd = openSync(err, 'w');
  const started = performance.now();
  const [file, argv] = options.hostCaBundle
    ? [
        'unshare',
        [
          '-m',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount --bind "$1" "$2" && shift 2 && exec "$@"',
          'sh',
          options.hostCaBundle,
          HOST_CA_BUNDLE,
          WINE64,
          program,
          ...args,
        ],
      ]
    : [WINE64, [program, ...args]];
  const r = await execa(file, argv, {
    env: wineEnv(lane, options.env),
    extendEnv: false,
    // File descriptors, handed to the child as they are: execa's { file } option still puts a pipe
    // in between, and a Windows Node fails on a pipe (EBADF).
    stdio: ['ignore', fdOf(outFd), fdOf(errFd)],
    reject: false,
    timeout: options.timeoutMs ?? 120_000,
    forceKillAfterDelay: 5_000,
  }).finally(() => {
    closeSync(outFd);
    closeSync(errFd);
  });
  return {
    stdout: readFileSync(out, 'utf8'),
    stderr: readFileSync(err, 'utf8'),
    exitCode: r.exitCode ?? -1,
    timedOut: Boolean(r.timedOut),
    ms: Math.round(performance.now() - started),
  };
}

/** Wine's own helpers (wineboot, winecfg, wineserver -k), same environment, same timeout rule. */
export async function wineTool(
  lane: Pick<LaneInfo, 'dir' | 'prefix'>,
  file: string,
  args: string[],
  timeoutMs = 120_000,
): Promise<{ exitCode: number; output: string }> {
  const r = await execa(file, args, {
    env: wineEnv(lane),
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    all: true,
    timeout: timeoutMs,
    forceKillAfterDelay: 5_000,
  });
  return { exitCode: r.exitCode ?? -1, output: String(r.all ?? '') };
}

/** Stops the prefix's wineserver (and every Windows process in it); the next call starts a new one. */
export async function stopWineserver(lane: Pick<LaneInfo, 'dir' | 'prefix'>): Promise<void> {
  await wineTool(lane, WINESERVER, ['-k'], 30_000);
  // -k returns before the old server has let go of the prefix: wait for it (wineserver -w).
  await wineTool(lane, WINESERVER, ['-w'], 30_000);
}

/** `trustfix ARGS` as a Windows program: the Windows node.exe running the checkout's bin/trustfix.js,
 * which runs the compiled CLI (dist/) when it is current. */
export async function trustfix(lane: LaneInfo, args: string[], options: WineOptions = {}): Promise<WineResult> {
  const r = await wine(lane, lane.node, [toWin(lane.entry), ...args], {
    ...options,
    env: { TRUSTFIX_LANG: 'en', ...options.env },
  });
  // For the lane's figures (globalSetup.ts prints them at the end): milliseconds per CLI call.
  appendFileSync(join(lane.dir, 'cli-calls.txt'), `${r.ms}\n`);
  return r;
}

/** `--json` output, parsed, with what went wrong when it is not JSON. */
export function json<T = any>(r: WineResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.exitCode}):\n${r.stdout.slice(0, 2000)}\nstderr:\n${r.stderr.slice(0, 2000)}`);
  }
}

/** The Windows environment a program gets in this prefix (USERPROFILE, LOCALAPPDATA, ProgramFiles ...),
 * as `cmd /c set` prints it: fixtures go where Windows says these folders are. */
export async function windowsEnv(lane: LaneInfo): Promise<Record<string, string>> {
  const r = await wine(lane, 'cmd.exe', ['/c', 'set']);
  if (r.exitCode !== 0) throw new Error(`cmd /c set: exit ${r.exitCode}: ${r.stderr}`);
  const env: Record<string, string> = {};
  for (const line of r.stdout.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

/** `reg.exe ARGS` inside the prefix (the real one: Wine's reg is not a stub). */
export async function reg(lane: LaneInfo, args: string[]): Promise<WineResult> {
  return wine(lane, 'reg.exe', args, { timeoutMs: 60_000 });
}

/**
 * An administrator who says yes to the UAC prompt. @vscode/sudo-prompt writes command.bat (the elevated
 * command line) and execute.bat (which calls it with its output to stdout/stderr files and its exit
 * code to a status file) into a new folder under %TEMP%, asks PowerShell's Start-Process -Verb RunAs
 * to start execute.bat, then polls: no stdout file after a second means "not granted", a status file
 * means done. Wine's PowerShell starts nothing, so the Linux side watches %TEMP% and does what
 * execute.bat does after a yes (Wine runs every program with administrator rights): it makes the
 * stdout file at once (so the one-second check does not race Wine's start-up), runs command.bat
 * through cmd, and writes stdout, stderr, then status. (Run as is under Wine 8, execute.bat leaves the
 * status file empty, and sudo-prompt would wait for ever.)
 */
export function grantElevation(lane: LaneInfo, temp: string): { stop: () => Promise<void>; granted: string[] } {
  const granted: string[] = [];
  const runs: Array<Promise<unknown>> = [];
  mkdirSync(temp, { recursive: true });
  const watcher = watch(temp, { recursive: true }, (_event, name) => {
    if (!name || !String(name).endsWith('execute.bat')) return;
    const dir = dirname(join(temp, String(name)));
    if (granted.includes(dir)) return;
    granted.push(dir);
    writeFileSync(join(dir, 'stdout'), '');
    runs.push(
      (async () => {
        const command = join(dir, 'command.bat');
        for (let i = 0; i < 50 && !existsSync(command); i++) await new Promise((r) => setTimeout(r, 100));
        const r = await wine(lane, 'cmd.exe', ['/d', '/c', 'call', toWin(command)], { timeoutMs: 180_000 });
        writeFileSync(join(dir, 'stdout'), r.stdout);
        writeFileSync(join(dir, 'stderr'), r.stderr);
        writeFileSync(join(dir, 'status'), `${r.exitCode}\r\n`);
      })(),
    );
  });
  return {
    granted,
    stop: async () => {
      watcher.close();
      await Promise.all(runs);
    },
  };
}
