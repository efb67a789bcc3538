// Asks one interpreter for real: runs assets/probe/connect.py, which connects the way urllib,
// requests and pip do in that interpreter and reports the CA sources each used and its exact error.
import { execa } from 'execa';
import { dirname, join } from 'node:path';
import { msg, type Message } from '../messages.ts';
import { probeScriptPath } from '../pythons/probeRunner.ts';
import type { ClientName, SourceLocation } from '../pythons/types.ts';
import { cancelledBy } from '../cancel.ts';

/** Next to probe.py wherever that is (the sources, the build, a packaged app's resources: the
 * asar is no place for a script an interpreter must read), with the pip module both share. */
export const CONNECT_PROBE = join(dirname(probeScriptPath()), 'connect.py');

export interface ProbeClient {
  client: ClientName;
  available: boolean;
  missing?: string;
  sources?: SourceLocation[];
  steeredBy?: string;
  truststore?: boolean;
  /** For truststore on Linux and the BSDs: the OpenSSL default paths it really reads. */
  osStorePaths?: { cafile?: string | null; capath?: string | null };
  strict?: boolean;
  partialChain?: boolean;
  minimumVersion?: string | null;
  verifies?: boolean;
  ok?: boolean;
  error?: string | null;
  sslError?: string | null;
  kind?: string | null;
}

export interface ProbeReport {
  python: {
    executable: string;
    version: string;
    openssl: string | null;
    opensslVersionInfo: number[];
    hasSni: boolean;
    platform: string;
    hostnameInOpenssl: boolean;
  };
  proxy: string | null;
  clients: ProbeClient[];
}

export type ProbeResult = { ok: true; report: ProbeReport } | { ok: false; problem: Message };

export async function runConnectProbe(
  python: string,
  url: string,
  options: { timeoutMs?: number; signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  // Each client's own attempt gets a third of the budget; the probe's other work is quick.
  const perClient = Math.max(1, Math.floor(timeoutMs / 3000));
  const result = await execa(python, ['-B', CONNECT_PROBE, url, String(perClient)], {
    reject: false,
    timeout: timeoutMs,
    ...cancelledBy(options.signal),
    env: { ...(options.env ?? process.env), PYTHONIOENCODING: 'utf-8', PYTHONWARNINGS: 'ignore' },
    extendEnv: false,
    stdin: 'ignore',
  });
  if (result.timedOut)
    return { ok: false, problem: msg('check:probe.timeout', { python, seconds: Math.round(timeoutMs / 1000) }) };
  if (result.failed && result.exitCode === undefined)
    return { ok: false, problem: msg('check:probe.notRunnable', { python, reason: result.shortMessage ?? '' }) };
  const line = String(result.stdout).trim().split('\n').pop() ?? '';
  try {
    const report = JSON.parse(line) as ProbeReport;
    if (!report.python || !Array.isArray(report.clients)) throw new Error('shape');
    return { ok: true, report };
  } catch {
    const stderr = String(result.stderr).trim().split('\n').slice(-2).join(' ');
    return {
      ok: false,
      problem: msg('check:probe.badOutput', { python, exitCode: result.exitCode ?? -1, stderr: stderr.slice(0, 400) }),
    };
  }
}
