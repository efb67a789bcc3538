// One row of `check` for a client run for real: TrustFix's prediction from the trust source the client
// reads (judged offline against the chain, as for the Python clients) next to the client's own answer,
// and a disagreement when the two name different families of cause.
import type { ToolSource, ToolTrust } from '../../clients/types.ts';
import { msg, type Message } from '../../messages.ts';
import type { SourceLocation } from '../../pythons/types.ts';
import { agrees } from '../classify.ts';
import { evaluate, GENERIC_PROFILE, type Evaluation, type Evidence } from '../evaluate.ts';
import { Judgements } from '../judgements.ts';
import { unionTrust, type TrustSet } from '../paths.ts';
import type { SourceCache } from '../sources.ts';
import type { Cause, CheckReport, CheckResult, ObservedFamily } from '../types.ts';
import type { ClientRunSpec, ClientSays } from './types.ts';

/** A source as the Python rows spell it; `bundled` lists without a file are judged as the reference. */
function location(s: ToolSource): SourceLocation | null {
  if (s.kind === 'file' || (s.kind === 'bundled' && s.path)) return { kind: 'file', path: s.path! };
  if (s.kind === 'dir' && s.path) return { kind: 'dir', path: s.path };
  if (s.kind === 'os-store') return s.path ? { kind: 'os-store', path: s.path } : { kind: 'os-store' };
  return null;
}

function label(trust: ToolTrust | undefined): string {
  if (!trust || trust.sources.length === 0) return '-';
  return trust.sources
    .map((s) => (s.kind === 'bundled' && !s.path ? 'bundled' : s.kind === 'os-store' ? 'os-store' : (s.path ?? s.kind)))
    .join(' + ');
}

async function trustOf(
  trust: ToolTrust,
  cache: SourceCache,
  reference: TrustSet,
  evidence: Evidence,
): Promise<{ set: TrustSet; problems: Message[] }> {
  const locations = trust.sources.map(location).filter((l): l is SourceLocation => l !== null);
  const loaded = await cache.union(locations);
  const bundled = trust.sources.some((s) => s.kind === 'bundled' && !s.path);
  return {
    set: bundled ? unionTrust(evidence.ctx.index, [loaded.set, reference]) : loaded.set,
    problems: loaded.problems,
  };
}

/** With no trust source to judge, the row's cause is read from the client's own error. */
function causeOf(family: ObservedFamily, evidence: Evidence | undefined, report: Pick<CheckReport, 'chain'>): Cause {
  switch (family) {
    case 'ok':
    case 'no-verification':
      return 'ok';
    case 'untrusted':
    case 'verify-failed':
      return report.chain.some((c) => c.vendor) ? 'intercepted' : 'untrusted-root';
    case 'self-signed':
      return 'self-signed';
    case 'expired':
      return evidence && report.chain[0] && report.chain[0].notAfter < evidence.ctx.at.toISOString()
        ? 'leaf-expired'
        : 'expired-root';
    case 'not-yet-valid':
      return 'not-yet-valid';
    case 'hostname':
      return 'hostname-mismatch';
    case 'x509-strict':
      return 'x509-strict';
    case 'tls-version':
      return 'tls-version';
    default:
      return 'unreachable';
  }
}

export async function judgeClientRun(
  spec: ClientRunSpec,
  says: ClientSays,
  evidence: Evidence | undefined,
  unreachable: CheckReport['unreachable'],
  report: Pick<CheckReport, 'chain'>,
  cache: SourceCache,
  reference: TrustSet,
  judgements: Judgements = new Judgements(),
): Promise<CheckResult> {
  const trust = spec.trust;
  const sources = (trust?.sources ?? []).map(location).filter((l): l is SourceLocation => l !== null);
  const base = {
    python: null,
    client: spec.name,
    executable: spec.executable,
    ...(spec.version ? { clientVersion: spec.version } : {}),
    source: label(trust),
    sources,
    ...(trust?.steeredBy ? { steeredBy: trust.steeredBy.setting } : {}),
    pythonSays: null,
    clientSays: says,
    repairs: [],
  };
  // A client whose error is no TLS verdict (not started, an unknown message) cannot disagree.
  const inconclusive = says.family === 'other';
  const notes: Message[] = inconclusive ? [msg('check:clientRun.inconclusive', { client: spec.name })] : [];

  let ev: Evaluation | null = null;
  const problems: Message[] = [];
  if (trust && trust.sources.length > 0) {
    if (evidence) {
      const got = await trustOf(trust, cache, reference, evidence);
      problems.push(...got.problems);
      ev = judgements.of(got.set, GENERIC_PROFILE, {}, () => evaluate(evidence, got.set, GENERIC_PROFILE));
    } else if (unreachable) {
      ev = {
        cause: 'unreachable',
        detail: msg(`check:detail.unreachable.${unreachable.kind}`, { error: unreachable.message }),
        notes: [],
        path: [],
      };
    }
  }
  if (!ev) {
    const cause = causeOf(says.family, evidence, report);
    return {
      ...base,
      predicted: false,
      ok: says.ok,
      cause,
      detail: says.ok
        ? msg('check:clientRun.observedOk', { client: spec.name })
        : msg('check:clientRun.observedOnly', { client: spec.name, error: says.error ?? says.code ?? '' }),
      notes: [
        ...notes,
        msg(trust && trust.sources.length === 0 ? 'check:clientRun.noVerification' : 'check:clientRun.noPrediction', {
          client: spec.name,
        }),
      ],
      path: [],
      disagreement: false,
    };
  }
  const disagreement = !inconclusive && !agrees(ev.cause, says.family);
  return {
    ...base,
    predicted: true,
    ok: ev.cause === 'ok',
    cause: ev.cause,
    detail: ev.detail,
    notes: [
      ...problems,
      ...ev.notes,
      ...notes,
      ...(disagreement ? [msg('check:clientRun.disagreement', { client: spec.name })] : []),
    ],
    path: ev.path,
    disagreement,
  };
}
