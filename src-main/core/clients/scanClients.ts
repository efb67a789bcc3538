// Every installed non-Python HTTPS client, found and resolved: each family's finder runs at once
// (each asks its program for a version with a timeout, and reads its settings), then every source is
// judged like any bundle (attach.ts). Families that are not installed give nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrustContext } from '../context.ts';
import type { BundleVerdict } from '../bundles/verdict.ts';
import { platformFor } from '../platform/index.ts';
import type { Platform } from '../platform/types.ts';
import type { PythonInfo } from '../pythons/types.ts';
import { attachClientVerdicts } from './attach.ts';
import { findAws } from './aws.ts';
import { findConda } from './conda.ts';
import { findCurl } from './curl.ts';
import { clientId, type FindContext } from './find.ts';
import type { Found } from './found.ts';
import { findGit } from './git.ts';
import { findNode } from './node.ts';
import { findPoetry } from './poetry.ts';
import { findUv } from './uv.ts';
import { TOOL_CLIENTS, type ClientEnv, type ToolClient } from './types.ts';

export interface ClientScanOptions {
  env?: ClientEnv;
  home?: string;
  cwd?: string;
  platform?: Platform;
  /** Interpreters already found (botocore is looked for in their site-packages). */
  pythons?: PythonInfo[];
  /** Per program question (version, config), in ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ClientScan {
  clients: ToolClient[];
  /** The scan's verdicts plus those judged here for files only clients led to. */
  bundles: BundleVerdict[];
  timing: { findMs: number; judgeMs: number };
}

const FINDERS = [findCurl, findGit, findNode, findUv, findConda, findPoetry, findAws];

function toClient(f: Found): ToolClient {
  const r = f.resolution;
  return {
    id: clientId(f.name, f.real),
    name: f.name,
    executable: f.executable,
    foundBy: f.foundBy,
    ...(f.pythonId ? { pythonId: f.pythonId } : {}),
    ...(f.version ? { version: f.version } : {}),
    ...(f.versionError ? { versionError: f.versionError } : {}),
    trust: r.trust,
    settings: r.settings,
    configFiles: f.configFiles.filter((c, i, all) => all.findIndex((o) => o.path === c.path) === i),
    ...(r.insecure ? { insecure: true } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.broken ? { status: 'broken' as const } : {}),
    ...(f.bundled && !r.trust.sources.some((s) => s.path === f.bundled)
      ? { bundled: { kind: 'file' as const, path: f.bundled, role: 'default' as const } }
      : {}),
  };
}

/** Finds and resolves every client; `verdicts` are the scan's (reused, not judged again). */
export async function scanClients(
  ctx: TrustContext,
  verdicts: BundleVerdict[] = [],
  options: ClientScanOptions = {},
): Promise<ClientScan> {
  const platform = options.platform ?? ctx.platform ?? platformFor();
  const tmpDir = await mkdtemp(join(tmpdir(), 'trustfix-clients-'));
  const t0 = performance.now();
  try {
    const env = options.env ?? process.env;
    const find: FindContext = {
      env,
      // A given environment brings its own home (the app's --env, a test's temporary HOME).
      home: options.home ?? (options.env ? env.HOME || env.USERPROFILE : undefined) ?? homedir(),
      cwd: options.cwd ?? process.cwd(),
      platform,
      places: platform.clients,
      pythons: options.pythons ?? [],
      tmpDir,
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    // A finder that fails (a program that crashes, a folder that vanishes) costs its clients only.
    const found = (await Promise.all(FINDERS.map((f) => f(find).catch((): Found[] => [])))).flat();
    const clients = found.map(toClient).sort((a, b) => TOOL_CLIENTS.indexOf(a.name) - TOOL_CLIENTS.indexOf(b.name));
    const t1 = performance.now();
    const bundles = await attachClientVerdicts(clients, verdicts, ctx, options.signal);
    return { clients, bundles, timing: { findMs: Math.round(t1 - t0), judgeMs: Math.round(performance.now() - t1) } };
  } finally {
    await rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

export { clientsHaveProblems } from './problems.ts';
