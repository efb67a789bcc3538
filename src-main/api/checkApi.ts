// check.run: the host check (core's checkHost) for the interpreters the renderer names by id, with
// progress events; the report stays in the session so plan.make can plan from it by check id.
import { checkHost } from '../core/diagnose/check.ts';
import { hostPort, type Target } from '../core/diagnose/target.ts';
import { isPythonRow, type CheckReport } from '../core/diagnose/types.ts';
import type { TrustContext } from '../core/context.ts';
import { msg } from '../core/messages.ts';
import type { PythonInfo } from '../core/pythons/types.ts';
import { chooseRepair } from '../core/repair/checkForFix.ts';
import { pythonsByIds } from './pythonsApi.ts';
import type { CheckSlot, Session } from './session.ts';
import type { CheckResult, DiagnosisRow } from './types.ts';

export interface CheckRequest {
  host: string;
  port: number;
  pythonIds: string[];
}

export function targetOf(host: string, port: number): Target {
  return { host, port, url: `https://${hostPort(host, port)}/` };
}

export async function runCheck(session: Session, request: CheckRequest, signal?: AbortSignal): Promise<CheckResult> {
  const pythons = await pythonsByIds(session, request.pythonIds);
  return checkWith(session, targetOf(request.host, request.port), pythons, signal);
}

/** Runs the check and keeps it under a new id (the re-check after Apply comes here too). */
export async function checkWith(
  session: Session,
  target: Target,
  pythons: PythonInfo[],
  signal?: AbortSignal,
): Promise<CheckResult> {
  const id = session.nextId('c');
  const report = await checkHost({
    target,
    interpreters: pythons,
    ctx: await session.ctx(),
    ...(session.options.env ? { env: session.options.env } : {}),
    ...(signal ? { signal } : {}),
    onProgress: (step, done, total) => session.emit('check.progress', { checkId: id, step, done, total }),
  });
  const slot: CheckSlot = { id, target, pythons, report };
  session.checks.set(id, slot);
  // Keep the last few: a long session does not hold every chain it ever fetched.
  for (const old of [...session.checks.keys()].slice(0, -20)) session.checks.delete(old);
  return { ...toCheckResult(slot), ...(await goodBundle(report, await session.ctx())) };
}

export function toCheckResult(slot: CheckSlot): CheckResult {
  const { report, pythons } = slot;
  const byExe = new Map(pythons.map((p) => [p.executable, p]));
  const at = report.at;
  const rows: DiagnosisRow[] = [];
  for (const r of report.results) {
    if (!isPythonRow(r)) continue;
    const p = byExe.get(r.python);
    rows.push({
      pythonId: p?.id ?? '',
      python: r.python,
      ...((r.pythonVersion ?? p?.version) ? { pythonVersion: (r.pythonVersion ?? p?.version)! } : {}),
      isVenv: p?.isVenv === true,
      client: r.client,
      ok: r.pythonSays?.ok ?? r.ok,
      causeCode: r.cause,
      cause: r.detail,
      notes: r.notes,
      pythonSays: r.pythonSays?.sslError ?? r.pythonSays?.error ?? null,
      trusts: r.source,
      path: r.path,
      repair: (r.pythonSays?.ok ?? r.ok) ? 'none' : (chooseRepair(r)?.kind ?? 'none'),
    });
  }
  return {
    checkId: slot.id,
    host: report.host,
    port: report.port,
    at,
    chain: report.chain.map((c) => ({
      name: c.name,
      fingerprint: c.fingerprint,
      notAfter: c.notAfter,
      issuer: readableDn(c.issuer),
      from: c.from,
      expired: c.notAfter < at,
      selfIssued: c.selfIssued,
    })),
    rows,
    unreachable: report.unreachable
      ? msg(`check:detail.unreachable.${report.unreachable.kind}`, { error: report.unreachable.message })
      : null,
    interpreterErrors: report.interpreterErrors.map((e) => ({
      pythonId: byExe.get(e.python)?.id ?? '',
      python: e.python,
      problem: e.problem,
    })),
  };
}

/** A bundle file some client verified this server with, holding the anchor of the path it built:
 * what the snippets point at (a client reading two files, urllib with TrustFix's .pth, may have
 * verified with the second). */
async function goodBundle(report: CheckReport, ctx: TrustContext): Promise<{ goodBundle?: string }> {
  const ok = report.results.filter((r) => (r.pythonSays?.ok ?? r.ok) && r.sources.some((s) => s.kind === 'file'));
  for (const row of [...ok.filter((r) => r.client === 'requests'), ...ok.filter((r) => r.client !== 'requests')]) {
    const anchor = row.path.at(-1);
    for (const src of row.sources) {
      if (src.kind !== 'file') continue;
      const read = await ctx.reader.read(src.path);
      if (!anchor || (read.ok && read.bundle.fingerprints.includes(anchor))) return { goodBundle: src.path };
    }
  }
  return {};
}

/** "CN=Example Root CA, O=Example" -> "Example Root CA": the name people know a CA by. */
function readableDn(dn: string): string {
  const part = (key: string): string | undefined =>
    new RegExp(`(?:^|[,\\n]\\s*)${key}=([^,\\n]+)`).exec(dn)?.[1]?.trim();
  return part('CN') ?? part('OU') ?? part('O') ?? dn;
}
