// `check`: why does this host fail in this Python? Reads the chain once, asks every interpreter in
// parallel (each runs the connect probe), then judges the chain offline against each client's own
// trust sources and compares TrustFix's cause with what the interpreter itself said.
import type { TrustContext } from '../context.ts';
import { detailOf, msg, type Message } from '../messages.ts';
import { platformOfPython } from '../platform/index.ts';
import type { Platform } from '../platform/types.ts';
import type { ClientName, SourceLocation } from '../pythons/types.ts';
import { fetchAia } from './aia.ts';
import { judgeClientRun } from './clientRuns/judge.ts';
import { runClient } from './clientRuns/run.ts';
import type { ClientRunSpec } from './clientRuns/types.ts';
import { agrees, familyOfText } from './classify.ts';
import { evaluate, GENERIC_PROFILE, type ClientProfile, type Evaluation, type Evidence } from './evaluate.ts';
import { FetchError, fetchChain, proxyFor, type FetchedChain } from './fetchChain.ts';
import { executableOf, type InterpreterRef } from './interpreters.ts';
import { Judgements } from './judgements.ts';
import { unionTrust, trustSet } from './paths.ts';
import { runConnectProbe, type ProbeClient, type ProbeReport, type ProbeResult } from './probe.ts';
import { proposeRepairs } from './repairs.ts';
import { SourceCache, sourceLabel } from './sources.ts';
import { withStoreFacts } from './storeOrigins.ts';
import type { Target } from './target.ts';
import type { ChainCert, CheckReport, CheckResult } from './types.ts';
import { vendorOf } from './vendors.ts';

export interface CheckOptions {
  target: Target;
  interpreters: InterpreterRef[];
  /** Extra bundle files to judge on their own (`--bundle`). */
  bundles?: string[];
  /** Non-Python clients to run for real against the host (curl, git, node, uv, conda). */
  clients?: ClientRunSpec[];
  /** May still be in the making: the interpreters are asked (and the chain fetched) meanwhile, the
   * Python processes on the other cores while this one parses the reference and the OS store. */
  ctx: TrustContext | Promise<TrustContext>;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (step: 'chain' | 'probes' | 'judge', done: number, total: number) => void;
}

export async function checkHost(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const { target } = options;
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 8000;
  // A context that cannot be made (a bad --reference) stops the processes already started.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const context = Promise.resolve(options.ctx).then(
    (ctx) => ({ ok: true as const, ctx }),
    (error: unknown) => {
      stop.abort();
      return { ok: false as const, error };
    },
  );
  let probesDone = 0;
  const clientSpecs = options.clients ?? [];
  const probesTotal = options.interpreters.length + clientSpecs.length;
  const probes = Promise.all(
    options.interpreters.map(async (ref) => {
      const python = executableOf(ref);
      const result = await runConnectProbe(python, target.url, { env, timeoutMs: timeoutMs * 3, signal });
      options.onProgress?.('probes', ++probesDone, probesTotal);
      return { python, result };
    }),
  );
  // Each client with its own environment and the proxy that environment names, as it would run.
  const clientRuns = Promise.all(
    clientSpecs.map(async (spec) => {
      const proxy = proxyFor(target.host, target.port, spec.env as NodeJS.ProcessEnv) ?? null;
      const says = await runClient(spec, target, { proxy, timeoutMs: timeoutMs * 2, signal });
      options.onProgress?.('probes', ++probesDone, probesTotal);
      return { spec, says };
    }),
  );

  let fetched: FetchedChain | undefined;
  let unreachable: CheckReport['unreachable'] = null;
  try {
    fetched = await fetchChain(target.host, target.port, { timeoutMs, env, signal });
  } catch (error) {
    const e = error instanceof FetchError ? error : new FetchError('other', detailOf(error));
    unreachable = { kind: e.kind, message: e.detail };
  }
  options.onProgress?.('chain', 1, 1);
  const made = await context;
  if (!made.ok) {
    await Promise.allSettled([probes, clientRuns]);
    throw made.error;
  }
  const { ctx } = made;

  const chainFps = (fetched?.ders ?? [])
    .map((der) => ctx.index.add(der))
    .filter((fp): fp is string => fp !== undefined);
  // AIA: only when the server's chain stops short of a self-issued certificate.
  const aiaLog: CheckReport['aia'] = [];
  const aiaFps: string[] = [];
  const top = chainFps.length ? ctx.index.get(chainFps[chainFps.length - 1]!) : undefined;
  if (top && !top.record.selfIssued) {
    let current = top;
    for (let hop = 0; hop < 3 && current.record.caIssuers.length > 0; hop++) {
      const got = await fetchAia(current.record.caIssuers[0]!, options.signal ? { signal: options.signal } : {});
      aiaLog.push(got.ok ? { url: got.url, ok: true } : { url: got.url, ok: false, reason: got.reason });
      if (!got.ok) break;
      const fps = got.ders
        .map((d) => ctx.index.add(d))
        .filter((fp): fp is string => fp !== undefined && !chainFps.includes(fp));
      aiaFps.push(...fps);
      const next = fps.map((fp) => ctx.index.get(fp)!).find((c) => c.x509.subject === current.x509.issuer);
      if (!next || next.record.selfIssued) break;
      current = next;
    }
  }

  const probeResults = await probes;
  const needsNoSni = probeResults.some((p) => p.result.ok && !p.result.report.python.hasSni);
  let noSniChain: string[] | undefined;
  if (fetched && needsNoSni) {
    try {
      const plain = await fetchChain(target.host, target.port, { servername: null, timeoutMs, env });
      noSniChain = plain.ders.map((der) => ctx.index.add(der)).filter((fp): fp is string => fp !== undefined);
    } catch {}
  }

  const cache = new SourceCache(ctx);
  // The chain is fixed from here on: each distinct (trust, profile) is judged once for every client.
  const judgements = new Judgements();
  const everywhere = unionTrust(ctx.index, [
    trustSet(ctx.index, ctx.reference.fingerprints),
    trustSet(ctx.index, ctx.osStore.fingerprints),
  ]);
  const evidence: Evidence | undefined =
    fetched && chainFps.length
      ? {
          host: target.host,
          chain: chainFps,
          aia: aiaFps,
          protocol: fetched.protocol,
          ctx,
          everywhere,
          ...(noSniChain ? { noSniChain } : {}),
        }
      : undefined;
  if (fetched && !chainFps.length) unreachable = { kind: 'tls', message: 'the server sent no certificate' };

  const results: CheckResult[] = [];
  const interpreterErrors: CheckReport['interpreterErrors'] = [];
  for (const { python, result } of probeResults) {
    if (!result.ok) {
      interpreterErrors.push({ python, problem: result.problem });
      continue;
    }
    for (const client of result.report.clients) {
      if (!client.available) continue;
      results.push(await judgeClient(python, result, client, evidence, unreachable, cache, judgements, ctx.platform));
    }
  }
  const reference = trustSet(ctx.index, ctx.reference.fingerprints);
  const chainSoFar = { chain: chainFps.map((fp, i) => chainCert(ctx, fp, i, 'server')) };
  for (const { spec, says } of await clientRuns)
    results.push(await judgeClientRun(spec, says, evidence, unreachable, chainSoFar, cache, reference, judgements));
  for (const path of options.bundles ?? []) {
    const sources = [{ kind: 'file' as const, path }];
    const { set, problems } = await cache.union(sources);
    const ev = evidence
      ? judgements.of(set, GENERIC_PROFILE, {}, () => evaluate(evidence, set, GENERIC_PROFILE))
      : unreachableEval(unreachable!);
    results.push({
      python: null,
      client: null,
      source: path,
      sources,
      ok: ev.cause === 'ok',
      cause: ev.cause,
      detail: ev.detail,
      notes: [...problems, ...ev.notes],
      path: ev.path,
      ...(ev.strict ? { strict: ev.strict } : {}),
      pythonSays: null,
      disagreement: false,
      repairs: proposeRepairs(ev, { python: null, client: null, sources, os: ctx.platform }, ctx.index),
    });
  }
  options.onProgress?.('judge', 1, 1);

  const chain: ChainCert[] = [
    ...chainFps.map((fp, i) => chainCert(ctx, fp, i, 'server')),
    ...aiaFps.map((fp, i) => chainCert(ctx, fp, chainFps.length + i, 'aia')),
  ];
  return {
    host: target.host,
    port: target.port,
    url: target.url,
    at: ctx.at.toISOString(),
    proxy: fetched?.proxy ?? proxyFor(target.host, target.port, env) ?? null,
    protocol: fetched?.protocol ?? null,
    unreachable,
    chain,
    aia: aiaLog,
    results,
    interpreterErrors,
    summary: {
      results: results.length,
      ok: results.filter((r) => r.ok).length,
      failing: results.filter((r) => !r.ok).length,
      disagreements: results.filter((r) => r.disagreement).length,
    },
    elapsedMs: Math.round(performance.now() - started),
  };
}

export function profileOf(report: ProbeReport, client: ProbeClient): ClientProfile {
  const opensslMajor = report.python.opensslVersionInfo[0] ?? 0;
  const min = client.minimumVersion ?? '';
  return {
    strict: client.strict === true,
    partialChain: client.partialChain === true,
    hostnameInOpenssl: report.python.hostnameInOpenssl,
    hasSni: report.python.hasSni,
    refusesOldTls: opensslMajor >= 3 || /TLSv1_[23]/.test(min),
  };
}

async function judgeClient(
  python: string,
  probe: Extract<ProbeResult, { ok: true }>,
  client: ProbeClient,
  evidence: Evidence | undefined,
  unreachable: CheckReport['unreachable'],
  cache: SourceCache,
  judgements: Judgements,
  os: Platform,
): Promise<CheckResult> {
  const report = probe.report;
  const sources = client.sources ?? [];
  const effective = effectiveSources(report, client);
  const { set, problems } = await cache.union(effective);
  let ev: Evaluation;
  if (client.verifies === false) ev = { cause: 'ok', detail: msg('check:detail.noVerification'), notes: [], path: [] };
  else if (evidence) {
    const profile = profileOf(report, client);
    const truststore = client.truststore === true;
    const extras = { storeFacts: true, readsOsStore: effective.some((s) => s.kind === 'os-store'), truststore };
    ev = judgements.of(set, profile, extras, () =>
      withStoreFacts(evaluate(evidence, set, profile), evidence, set, { sources: effective, truststore, profile }),
    );
  } else ev = unreachableEval(unreachable!);
  const family = familyOfText(client.sslError ?? client.error ?? null, client.kind);
  const says = { ok: client.ok === true, error: client.error ?? null, sslError: client.sslError ?? null, family };
  const ok = ev.cause === 'ok';
  const disagreement = client.verifies === false ? false : !agrees(ev.cause, family);
  return {
    python,
    pythonVersion: report.python.version,
    client: client.client as ClientName,
    source: sourceLabel(sources),
    sources,
    ...(client.steeredBy ? { steeredBy: client.steeredBy } : {}),
    ok,
    cause: ev.cause,
    detail: ev.detail,
    notes: [...problems, ...ev.notes, ...(disagreement ? [msg('check:note.disagreement')] : [])],
    path: ev.path,
    ...(ev.strict ? { strict: ev.strict } : {}),
    pythonSays: says,
    disagreement,
    repairs: proposeRepairs(
      ev,
      { python, client: client.client, sources, os },
      evidence?.ctx.index ?? cache['ctx'].index,
    ),
  };
}

/**
 * What the client really reads. truststore's "OS store" on Linux is OpenSSL's default paths, which
 * SSL_CERT_FILE / SSL_CERT_DIR move; on Windows and macOS it is the system's own store.
 */
function effectiveSources(report: ProbeReport, client: ProbeClient): SourceLocation[] {
  const sources = client.sources ?? [];
  const paths = client.osStorePaths;
  if (!paths || platformOfPython(report.python.platform).truststoreReadsOsStore) return sources;
  const openssl: SourceLocation[] = [
    ...(paths.cafile ? [{ kind: 'file' as const, path: paths.cafile }] : []),
    ...(paths.capath ? [{ kind: 'dir' as const, path: paths.capath }] : []),
  ];
  return openssl.length ? sources.flatMap((s) => (s.kind === 'os-store' ? openssl : [s])) : sources;
}

function unreachableEval(u: NonNullable<CheckReport['unreachable']>): Evaluation {
  return {
    cause: 'unreachable',
    detail: msg(`check:detail.unreachable.${u.kind}`, { error: u.message }),
    notes: [],
    path: [],
  };
}

function chainCert(ctx: TrustContext, fp: string, position: number, from: 'server' | 'aia'): ChainCert {
  const r = ctx.index.record(fp);
  const vendor = vendorOf(r.subject, r.issuer);
  return {
    position,
    from,
    fingerprint: fp,
    subject: r.subject,
    issuer: r.issuer,
    name: r.name,
    notBefore: r.notBefore,
    notAfter: r.notAfter,
    isCA: r.isCA,
    selfIssued: r.selfIssued,
    subjectAltNames: r.subjectAltNames,
    caIssuers: r.caIssuers,
    ...(vendor ? { vendor } : {}),
  };
}

export type { Message };
