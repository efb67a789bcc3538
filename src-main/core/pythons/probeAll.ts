// Discover, then probe every interpreter in parallel (each with its own timeout), reusing cached
// probes of unchanged interpreters, and work out what each client trusts. Statuses of the sources
// are filled in by attach.ts, against the scan's verdicts.
import { stat } from 'node:fs/promises';
import { msg } from '../messages.ts';
import { ProbeCache } from './cache.ts';
import { clientsFor } from './clients.ts';
import { discoverInterpreters, type DiscoverOptions, type DiscoveredInterpreter } from './discover.ts';
import { interpreterKey } from './identity.ts';
import type { RawProbe } from './probeTypes.ts';
import { probeScriptPath, runProbe } from './probeRunner.ts';
import type { PythonInfo } from './types.ts';

export interface PythonScanOptions extends DiscoverOptions {
  timeoutMs?: number;
  /** Probes running at once. */
  concurrency?: number;
  /** false: probe every interpreter afresh (the cache is still updated). */
  useCache?: boolean;
  onProgress?: (p: { done: number; total: number; current: string }) => void;
}

export interface PythonScan {
  pythons: PythonInfo[];
  timing: { discoverMs: number; probeMs: number; cached: number; probed: number };
}

/** Existence of each path, looked up once (clients.ts asks for the same files many times). */
async function existenceOf(probes: RawProbe[]): Promise<(p: string) => 'file' | 'dir' | 'none'> {
  const paths = new Set<string>();
  for (const p of probes) {
    for (const v of [
      p.verifyPaths?.cafile,
      p.verifyPaths?.capath,
      p.verifyPaths?.opensslCafile,
      p.verifyPaths?.opensslCapath,
      p.requests?.where,
      p.pip?.certifiWhere,
      ...Object.values(p.env),
    ])
      if (v) paths.add(v);
    for (const c of p.pipConfig) for (const v of Object.values(c.values ?? {})) paths.add(v.trim());
  }
  const kinds = new Map<string, 'file' | 'dir' | 'none'>();
  await Promise.all(
    [...paths].map(async (p) =>
      kinds.set(
        p,
        await stat(p)
          .then((s): 'file' | 'dir' => (s.isDirectory() ? 'dir' : 'file'))
          .catch((): 'none' => 'none'),
      ),
    ),
  );
  return (p) => kinds.get(p) ?? 'none';
}

function infoFrom(d: DiscoveredInterpreter, probe: RawProbe | undefined): PythonInfo {
  const base: PythonInfo = {
    id: d.id,
    executable: d.executable,
    realExecutable: d.real,
    aliases: d.aliases,
    foundBy: d.foundBy,
    clients: {},
  };
  if (!probe) return base;
  return {
    ...base,
    version: probe.version,
    implementation: probe.implementation,
    ...(probe.openssl ? { openssl: probe.openssl } : {}),
    ...(probe.hasSni !== undefined ? { hasSni: probe.hasSni } : {}),
    prefix: probe.prefix,
    basePrefix: probe.basePrefix,
    isVenv: probe.isVenv,
    sitePackages: [
      ...probe.sitePackages,
      ...(probe.userSite && !probe.sitePackages.includes(probe.userSite) ? [probe.userSite] : []),
    ],
    packages: {
      ...(probe.certifi && !probe.certifi.error
        ? {
            certifi: {
              ...(probe.certifi.version ? { version: probe.certifi.version } : {}),
              ...(probe.certifi.where ? { where: probe.certifi.where } : {}),
            },
          }
        : {}),
      ...(probe.requests
        ? {
            requests: {
              ...(probe.requests.version ? { version: probe.requests.version } : {}),
              ...(probe.requests.where ? { where: probe.requests.where } : {}),
            },
          }
        : {}),
      ...(probe.pip
        ? {
            pip: {
              ...(probe.pip.version ? { version: probe.pip.version } : {}),
              ...(probe.pip.certifiVersion ? { certifiVersion: probe.pip.certifiVersion } : {}),
              ...(probe.pip.certifiWhere ? { certifiWhere: probe.pip.certifiWhere } : {}),
            },
          }
        : {}),
      ...(probe.truststore
        ? { truststore: probe.truststore.version ? { version: probe.truststore.version } : {} }
        : {}),
      ...(probe.pipSystemCerts
        ? {
            pipSystemCerts: {
              ...(probe.pipSystemCerts.version ? { version: probe.pipSystemCerts.version } : {}),
              active: probe.pipSystemCerts.active,
            },
          }
        : {}),
    },
  };
}

async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

export async function scanPythons(options: PythonScanOptions = {}): Promise<PythonScan> {
  const env = options.env ?? process.env;
  const t0 = performance.now();
  const found = await discoverInterpreters(options);
  const t1 = performance.now();
  const cache = await ProbeCache.open(options.dataDir, probeScriptPath());
  let done = 0;
  let cached = 0;
  const results = await pool(found, options.concurrency ?? 16, async (d) => {
    const hit = options.useCache === false ? undefined : await cache.get(d.executable, env);
    let info: PythonInfo;
    let probe: RawProbe | undefined = hit;
    if (hit) {
      cached++;
      info = { ...infoFrom(d, hit), cached: true };
    } else if (options.signal?.aborted) {
      info = { ...infoFrom(d, undefined), error: msg('pythons:error.cancelled', { path: d.executable }) };
    } else {
      const outcome = await runProbe(d.executable, {
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        env,
      });
      if (outcome.ok) {
        probe = outcome.probe;
        await cache.set(d.executable, outcome.probe, env);
        info = { ...infoFrom(d, outcome.probe), cached: false, probeMs: outcome.ms };
      } else {
        info = { ...infoFrom(d, undefined), error: outcome.error, probeMs: outcome.ms };
      }
    }
    options.onProgress?.({ done: ++done, total: found.length, current: d.executable });
    return { info, probe };
  });
  await cache.save().catch(() => undefined); // a read-only data folder costs speed, not the answer
  const exists = await existenceOf(results.flatMap((r) => (r.probe ? [r.probe] : [])));
  const merged = new Map<string, PythonInfo>();
  for (const { info, probe } of results) {
    if (probe) info.clients = clientsFor(probe, exists);
    // Two paths the shim/symlink pass could not fold (a launcher script, a wrapper) that turn out
    // to be the same interpreter: the probe's own sys.executable and prefix decide.
    const key = probe ? `${(await interpreterKey(probe.executable)).real}|${probe.prefix}` : `error:${info.id}`;
    const prior = merged.get(key);
    if (prior) {
      for (const a of [info.executable, ...info.aliases])
        if (a !== prior.executable && !prior.aliases.includes(a)) prior.aliases.push(a);
      for (const f of info.foundBy) if (!prior.foundBy.includes(f)) prior.foundBy.push(f);
    } else merged.set(key, info);
  }
  return {
    pythons: [...merged.values()],
    timing: {
      discoverMs: Math.round(t1 - t0),
      probeMs: Math.round(performance.now() - t1),
      cached,
      probed: results.length - cached,
    },
  };
}
