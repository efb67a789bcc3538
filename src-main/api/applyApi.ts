// plan.apply, history.list, history.undo and upload.pem for the app. Apply runs core's applyPlan
// (journal, backup, atomic write, verify) with live 'repair.output' events; a plan made from a
// check is followed by the same check again with the same interpreters (before/after in the wizard),
// once: each client's steps are kept when it works and put back on their own when it still fails
// (safety rule 8, docs/safety-rules.md), and the result says per client what happened.
// Undo is core's revertEntry on a journal entry the renderer names by its history id.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { splitBundle } from '../core/certs/pem.ts';
import { sha256Hex } from '../core/certs/record.ts';
import { msg, Problem, type Message } from '../core/messages.ts';
import { platformFor } from '../core/platform/index.ts';
import { isPythonRow } from '../core/diagnose/types.ts';
import { applyPlan } from '../core/repair/apply.ts';
import { atomicWrite } from '../core/repair/atomicWrite.ts';
import { sudoPromptRunner, type ElevationRunner } from '../core/repair/elevation.ts';
import { canUndo, isEntryId, Journal, TAKE_BACK, type JournalEntry } from '../core/repair/journal.ts';
import { revertEntry } from '../core/repair/revert.ts';
import { clientKey, type ClientAnswers } from '../core/repair/checkForFix.ts';
import { allWork, clientOutcomes, recheckGroups, type ClientOutcome } from '../core/repair/clientPlan.ts';
import { selectSteps } from '../core/repair/narrow.ts';
import { judgeFile } from '../core/bundles/verdict.ts';
import type { Change } from '../core/repair/action.ts';
import type { PythonInfo } from '../core/pythons/types.ts';
import { checkWith } from './checkApi.ts';
import type { Session } from './session.ts';
import type { ApplyResult, CheckResult, ClientOutcomeRow, HistoryEntry, UploadResult } from './types.ts';

/** Elevation for this session: the OS prompt, or a test's runner. */
function elevation(session: Session): ElevationRunner {
  return session.options.elevate ?? sudoPromptRunner;
}

/** The command line that starts TrustFix's CLI for the elevated verb. */
function selfCommand(session: Session): string[] {
  return session.options.self ?? [process.execPath, process.argv[1] ?? ''];
}

export async function applyPlanById(session: Session, planId: string, steps?: string[]): Promise<ApplyResult> {
  const slot = session.plans.get(planId);
  if (!slot) throw new Problem(msg('app:api.unknownPlan', { id: planId }));
  // Safety rule 7: the ticked steps only (default: the narrow ones); an id the plan lacks is refused.
  const known = new Set([...slot.plan.actions, ...(slot.plan.offered ?? [])].map((a) => a.id));
  const unknown = (steps ?? []).find((s) => !known.has(s));
  if (unknown) throw new Problem(msg('app:api.unknownStep', { id: unknown }));
  const selected = steps
    ? selectSteps(slot.plan, slot.clients ?? [], { only: steps })
    : { plan: slot.plan, clients: slot.clients ?? [] };
  const plan = selected.plan;
  session.plans.delete(planId); // a plan is applied once; plan again to repeat
  const emit = (step: number, state: 'running' | 'done' | 'failed' | 'output' | 'elevation', message: Message): void =>
    session.emit('repair.output', { planId, step, state, message });
  const actions = plan.actions;
  const check = slot.checkId ? session.checks.get(slot.checkId) : undefined;
  // Safety rule 8: a plan made from a check is followed by the same check, once; applyPlan keeps each
  // client's steps when it works and puts them back on their own when it still fails.
  let recheck: CheckResult | undefined;
  const clients = check ? selected.clients : undefined;
  const run = async (): Promise<ClientAnswers> => {
    recheck = await checkWith(session, check!.target, check!.pythons);
    return Object.fromEntries(
      recheck.rows.map((r) => [clientKey(r.python, r.client), { ok: r.ok, detail: r.pythonSays ?? r.causeCode }]),
    );
  };
  const result = await applyPlan(plan, {
    dataDir: session.options.dataDir,
    command: `app:${slot.origin}`,
    elevate: elevation(session),
    self: selfCommand(session),
    onStep: (a, state) => emit(a, state, actions[a]!.what),
    onOutput: (chunk) => emit(-1, 'output', msg('app:apply.output', { text: chunk.trimEnd() })),
    beforeElevation: (why) => emit(-1, 'elevation', why),
    ...(clients ? { recheck: { groups: recheckGroups(clients), run } } : {}),
  });
  const out: ApplyResult = {
    planId,
    ok: result.ok,
    problems: result.problems,
    ...(result.entry ? { historyId: `h-${result.entry.id}` } : {}),
  };
  if (result.entry?.state === 'rolled-back') delete out.historyId; // taken back already: nothing to undo
  const putBack = (result.entry?.actions ?? []).flatMap((a, i) =>
    a.changes.length > 0 && a.changes.every((c) => c.state === 'rolled-back') ? [i] : [],
  );
  if (putBack.length) out.putBack = putBack;
  await rejudge(
    session,
    actions.flatMap((a) => a.changes),
  );
  // The re-check as it ran (after a rollback it shows the failure that caused it); a plan that
  // failed before the check ran is checked again so the wizard shows where things stand.
  if (check && result.entry) out.recheck = recheck ?? (await checkWith(session, check.target, check.pythons));
  if (check && clients) {
    const working = check.report.results
      .filter(isPythonRow)
      .filter((r) => r.pythonSays?.ok ?? r.ok)
      .map((r) => ({ key: clientKey(r.python, r.client), python: r.python, client: r.client }));
    const outcomes = clientOutcomes(plan, clients, working, result);
    out.clients = outcomes.map((o) =>
      rowOf(
        o,
        check.pythons,
        actions.map((a) => a.id),
      ),
    );
    out.ok = out.ok && allWork(outcomes); // a client left waiting for a confirmation does not work
    // Nothing kept because every client still fails: say so first, as before per-client outcomes.
    const still = outcomes.filter((o) => o.outcome === 'still-failing');
    if (result.entry?.state === 'rolled-back' && still.length)
      out.problems = [
        msg('repair:verify.clientStillFails', { detail: still.map((o) => `${o.client}: ${o.detail}`).join('; ') }),
        ...out.problems,
      ];
  }
  return out;
}

/** A client's outcome with what the renderer shows it by: the interpreter's id, version, venv. */
function rowOf(o: ClientOutcome, pythons: PythonInfo[], stepIds: string[]): ClientOutcomeRow {
  const p = pythons.find((x) => x.executable === o.python);
  return {
    pythonId: p?.id ?? '',
    python: o.python,
    ...(p?.version ? { pythonVersion: p.version } : {}),
    isVenv: p?.isVenv === true,
    client: o.client,
    outcome: o.outcome,
    detail: o.detail,
    steps: o.actions.map((id) => stepIds.indexOf(id)),
    ...(o.putBack !== undefined ? { putBack: o.putBack } : {}),
    ...(o.confirm ? { confirm: o.confirm } : {}),
    ...(o.reasons ? { reasons: o.reasons } : {}),
    ...(o.otherRoutes ? { otherRoutes: o.otherRoutes } : {}),
    ...(o.offered ? { offered: o.offered } : {}),
  };
}

/** The table shows bundles as they are now: every bundle a change touched is judged again. */
async function rejudge(session: Session, changes: Change[]): Promise<void> {
  const touched = new Set(changes.flatMap((c) => (c.type === 'file' ? [c.realPath] : [])));
  const ctx = await session.ctx();
  for (const list of [session.scan?.verdicts ?? [], [...session.extraBundles.values()]]) {
    for (const [i, v] of list.entries()) {
      if (!touched.has(v.realPath)) continue;
      const fresh = { ...(await judgeFile(v.path, ctx)), ...(v.usedBy ? { usedBy: v.usedBy } : {}) };
      list[i] = fresh;
      if (session.scan?.byId.has(v.id)) session.scan.byId.set(v.id, fresh);
      if (session.extraBundles.has(v.id)) session.extraBundles.set(v.id, fresh);
    }
  }
}

function toHistory(e: JournalEntry): HistoryEntry {
  const actions = e.actions.map((a) => a.record.what);
  return {
    id: `h-${e.id}`,
    at: e.createdAt,
    command: e.command,
    state: e.state,
    summary: actions.length === 1 ? actions[0]! : msg('app:history.changes', { count: actions.length }),
    actions,
    undoes: e.actions.map((a) => a.record.undo),
    files: [
      ...new Set(
        e.actions.flatMap((a) =>
          a.changes.flatMap((c) => (c.change.type === 'file' && TAKE_BACK.has(c.state) ? [c.change.path] : [])),
        ),
      ),
    ],
    problems: e.problems,
    undone: e.state === 'undone' || e.state === 'rolled-back',
    canUndo: canUndo(e.state),
    undoNeedsAdmin: e.actions.some((a) =>
      a.changes.some((c) => c.elevated === true && (c.state === 'done' || c.state === 'pending')),
    ),
  };
}

export async function historyList(session: Session): Promise<HistoryEntry[]> {
  return (await new Journal(session.options.dataDir).list()).map(toHistory);
}

export async function historyUndo(
  session: Session,
  historyId: string,
): Promise<{ undone: boolean; problems: Message[]; entry: HistoryEntry }> {
  const id = historyId.slice(2);
  const journal = new Journal(session.options.dataDir);
  const entry = isEntryId(id) ? await journal.load(id) : undefined;
  if (!entry) throw new Problem(msg('repair:undo.noSuchEntry', { id }));
  if (!canUndo(entry.state)) throw new Problem(msg('app:history.notUndoable', { id }));
  const result = await revertEntry(
    { journal, entry, elevate: elevation(session), self: selfCommand(session), os: platformFor().id },
    'undone',
  );
  await rejudge(
    session,
    entry.actions.flatMap((a) => a.changes.map((c) => c.change)),
  );
  return { undone: result.ok, problems: result.problems, entry: toHistory(entry) };
}

/** A certificate file the user picked, its bytes written into the data folder first: later requests
 * name it by upload id, so no path from the renderer is ever used. */
export async function storeUpload(session: Session, name: string, text: string): Promise<UploadResult> {
  const bytes = Buffer.from(text, 'utf8');
  const ders = splitBundle(bytes).ders;
  if (ders.length === 0) throw new Problem(msg('repair:refused.notACertificate', { from: name }));
  const dir = join(session.options.dataDir, 'uploads');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.pem`);
  await atomicWrite(path, bytes, { mode: 0o600 });
  const id = session.nextId('u');
  session.uploads.set(id, { id, path, name });
  const ctx = await session.ctx();
  return {
    uploadId: id,
    certificates: ders.map((der) => {
      const fp = ctx.index.add(der) ?? sha256Hex(der);
      const r = ctx.index.get(fp)?.record;
      return { fingerprint: fp, name: r?.name ?? fp, isCA: r?.isCA ?? false, notAfter: r?.notAfter ?? '' };
    }),
  };
}
