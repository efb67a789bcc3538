// Runs assets/probe/probe.py under one interpreter: argument array, no shell, a timeout, cancellable.
// Every way it can go wrong (missing, not executable, hangs, exits non-zero, prints garbage) comes
// back as a Message naming the interpreter, never as a throw and never as a stuck scan.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { cancelledBy, KILL_AFTER_MS } from '../cancel.ts';
import { msg, type Message } from '../messages.ts';
import { isRawProbe, type RawProbe } from './probeTypes.ts';

export const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

export type ProbeOutcome = { ok: true; probe: RawProbe; ms: number } | { ok: false; error: Message; ms: number };

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The environment the interpreter sees (default: this process's): the overrides it reports come from here. */
  env?: NodeJS.ProcessEnv;
}

/** Where probe.py is: beside the sources, beside the built output, or in a packaged app's resources. */
export function probeScriptPath(): string {
  const candidates = [
    process.env.TRUSTFIX_PROBE,
    fileURLToPath(new URL('../../../assets/probe/probe.py', import.meta.url)),
    fileURLToPath(new URL('../../../../assets/probe/probe.py', import.meta.url)),
    (process as { resourcesPath?: string }).resourcesPath
      ? join((process as { resourcesPath?: string }).resourcesPath!, 'probe', 'probe.py')
      : undefined,
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return candidates[1]!;
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .filter((l) => l.trim());
  return (lines.at(-1) ?? '').slice(0, 300);
}

export async function runProbe(executable: string, options: ProbeOptions = {}): Promise<ProbeOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const started = performance.now();
  const seconds = Math.round(timeoutMs / 100) / 10;
  const env = { ...(options.env ?? process.env), PYTHONIOENCODING: 'utf-8' };
  const child = execa(executable, [probeScriptPath()], {
    reject: false,
    timeout: timeoutMs,
    cwd: tmpdir(), // a neutral folder: the user's project must not shadow certifi or requests
    env,
    extendEnv: false,
    stdin: 'ignore',
    maxBuffer: 4 * 1024 * 1024,
    ...cancelledBy(options.signal),
  });
  // A hung interpreter that left a grandchild holding its pipes must not hold the scan either: given
  // up 3 s after its timeout, or soon after a cancel (the CLI ends within a second of Ctrl-C).
  let guard: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    guard = setTimeout(() => resolve('late'), timeoutMs + 3000);
    options.signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(guard);
        guard = setTimeout(() => resolve('late'), 2 * KILL_AFTER_MS);
      },
      { once: true },
    );
  });
  const result = await Promise.race([child, late]);
  clearTimeout(guard);
  const ms = Math.round(performance.now() - started);
  if (result === 'late') {
    child.kill('SIGKILL');
    if (options.signal?.aborted) return { ok: false, ms, error: msg('pythons:error.cancelled', { path: executable }) };
    return { ok: false, ms, error: msg('pythons:error.timeout', { path: executable, seconds }) };
  }
  if (result.timedOut) return { ok: false, ms, error: msg('pythons:error.timeout', { path: executable, seconds }) };
  if (result.isCanceled) return { ok: false, ms, error: msg('pythons:error.cancelled', { path: executable }) };
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT') return { ok: false, ms, error: msg('pythons:error.notFound', { path: executable }) };
  if (code === 'EACCES' || code === 'EPERM')
    return { ok: false, ms, error: msg('pythons:error.notExecutable', { path: executable }) };
  if (code === 'ENOEXEC' || code === 'EFTYPE')
    return { ok: false, ms, error: msg('pythons:error.notAProgram', { path: executable }) };
  if (result.failed && result.exitCode === undefined && !result.signal) {
    return {
      ok: false,
      ms,
      error: msg('pythons:error.spawn', { path: executable, reason: result.shortMessage ?? String(code) }),
    };
  }
  if (result.signal)
    return { ok: false, ms, error: msg('pythons:error.signal', { path: executable, signal: result.signal }) };
  const stdout = String(result.stdout ?? '');
  if (result.exitCode !== 0) {
    const detail = lastLine(String(result.stderr ?? '')) || lastLine(stdout) || '-';
    return {
      ok: false,
      ms,
      error: msg('pythons:error.exit', { path: executable, code: result.exitCode ?? -1, detail }),
    };
  }
  const line = stdout.trim().split(/\r?\n/).at(-1) ?? '';
  if (!line) return { ok: false, ms, error: msg('pythons:error.noOutput', { path: executable }) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (!isRawProbe(parsed)) {
    return {
      ok: false,
      ms,
      error: msg('pythons:error.garbage', {
        path: executable,
        sample: stdout.trim().slice(0, 80).replace(/\s+/g, ' '),
      }),
    };
  }
  return { ok: true, probe: parsed, ms };
}
