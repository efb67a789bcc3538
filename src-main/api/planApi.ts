// Plans for the app, all made by core's planners and kept in the session under a plan id:
//   plan.make        from a check: each failing client's repairs, chosen and planned per client as
//                    `trustfix fix` does (clientRepairs, narrowClients, planClients), so apply can
//                    keep or put back each client's steps on its own. Narrowest first: a client's
//                    ticked steps change only its interpreter's own files; repairs of shared files
//                    (OpenSSL's default file, SSL_CERT_FILE's, another interpreter's, a system
//                    Python's) are optional steps, unticked, naming who else reads them. With `focus`
//                    (the interpreter a pasted traceback came from) the other interpreters' repairs
//                    are optional too. Certificates taken from the server are planned only once the
//                    user confirmed their SHA-256 in the wizard. With `uploadId` (the root file the
//                    user has from IT, for a server that does not send its root), the file's
//                    certificates that complete the server's chain are planned for each client
//                    that lacks them (core/diagnose/rootFile.ts), after the same confirmation.
//   plan.rootUpdate  every stale bundle refreshed (extra roots kept), or clients pointed at
//                    TrustFix's merged bundle; plus the OS store refresh where the platform has one.
//   bundle.plan*     a bundle's panel: refresh it, or append certificates from an uploaded file.
//   plan.useOsStore  a Pythons row: truststore for that interpreter alone (core's use-os-store).
import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { derToPem } from '../core/certs/certIndex.ts';
import { splitBundle } from '../core/certs/pem.ts';
import { msg, Problem, type Message } from '../core/messages.ts';
import { platformFor } from '../core/platform/index.ts';
import { withRootFile } from '../core/diagnose/rootFile.ts';
import { isPythonRow } from '../core/diagnose/types.ts';
import type { Plan as CorePlan, ActionRecord } from '../core/repair/action.ts';
import { clientRepairs } from '../core/repair/checkForFix.ts';
import { planClients, type ClientPlan } from '../core/repair/clientPlan.ts';
import { addOffers, narrowClients, scopeInputs } from '../core/repair/narrow.ts';
import { readRegularOrRefuse } from '../core/repair/pathGuard.ts';
import { planAppend, planRefresh } from '../core/repair/planBundle.ts';
import { defaultWho, fileChange, type PlanContext } from '../core/repair/planContext.ts';
import { planPoint } from '../core/repair/planPoint.ts';
import { planOsStoreRefresh } from '../core/repair/planStore.ts';
import { planUseOsStore } from '../core/repair/planPython.ts';
import { pythonFacts } from '../core/repair/pythonFacts.ts';
import { scopeMessages } from '../core/repair/scope.ts';
import { loadPythons, pythonsByIds } from './pythonsApi.ts';
import type { PlanSlot, Session } from './session.ts';
import type { ConfirmCert, Plan, PlanStep } from './types.ts';

/** The plan context: only bundles this session found (scan, interpreters, check) may be changed. */
export async function appPlanContext(session: Session, extra: string[] = []): Promise<PlanContext> {
  const paths = [...session.allBundles().map((v) => v.realPath), ...extra];
  const real = await Promise.all(paths.map((p) => realpath(p).catch(() => p)));
  // The home folder of the environment the session runs clients with (its settings files live there).
  const home = session.options.env?.HOME?.trim() || homedir();
  return {
    ctx: await session.ctx(),
    dataDir: session.options.dataDir,
    findings: new Set(real),
    who: defaultWho(),
    now: new Date(),
    os: platformFor().id,
    home,
  };
}

export function keep(
  session: Session,
  origin: PlanSlot['origin'],
  plan: CorePlan,
  extra: {
    checkId?: string;
    clients?: ClientPlan[];
    confirm?: ConfirmCert[];
    notes?: Message[];
    focus?: string;
    trust?: Plan['trust'];
  } = {},
): Plan {
  const id = session.nextId('p');
  session.plans.set(id, {
    id,
    origin,
    plan,
    ...(extra.checkId ? { checkId: extra.checkId } : {}),
    ...(extra.clients ? { clients: extra.clients } : {}),
  });
  for (const old of [...session.plans.keys()].slice(0, -20)) session.plans.delete(old);
  return {
    ...toApiPlan(id, origin, plan, extra.confirm ?? [], extra.notes ?? []),
    ...(extra.focus ? { focus: extra.focus } : {}),
    ...(extra.trust ? { trust: extra.trust } : {}),
  };
}

function toStep(a: ActionRecord, optional: boolean): PlanStep {
  const scope = a.scope ? scopeMessages(a.scope) : { readers: [] };
  return {
    id: a.id,
    kind: a.kind,
    what: a.what,
    where: a.where,
    why: a.why,
    needsAdmin: a.elevation.needed,
    ...(a.elevation.needed && a.elevation.why ? { adminWhy: a.elevation.why } : {}),
    undo: a.undo,
    notes: a.notes,
    optional,
    selected: !optional,
    readers: scope.readers,
    ...(scope.owner ? { owner: scope.owner } : {}),
  };
}

export function toApiPlan(
  planId: string,
  origin: Plan['origin'],
  plan: CorePlan,
  confirm: ConfirmCert[],
  notes: Message[],
): Plan {
  const steps: PlanStep[] = [
    ...plan.actions.map((a) => toStep(a, false)),
    ...(plan.offered ?? []).map((a) => toStep(a, true)),
  ];
  return {
    planId,
    origin,
    steps,
    needsAdmin: steps.some((s) => s.needsAdmin && s.selected),
    refused: plan.refused,
    confirm,
    notes,
  };
}

export async function planFromCheck(
  session: Session,
  checkId: string,
  confirmedList: string[],
  focusId?: string,
  uploadId?: string,
): Promise<Plan> {
  const slot = session.checks.get(checkId);
  if (!slot) throw new Problem(msg('app:api.unknownCheck', { id: checkId }));
  const focus = focusId === undefined ? undefined : slot.pythons.find((p) => p.id === focusId);
  if (focusId !== undefined && !focus) throw new Problem(msg('app:api.unknownPython', { id: focusId }));
  const ctx = await session.ctx();
  let rows = slot.report.results.filter(isPythonRow);
  const fileNotes: Message[] = [];
  if (uploadId !== undefined) {
    const upload = session.uploads.get(uploadId);
    if (!upload) throw new Problem(msg('app:api.unknownUpload', { id: uploadId }));
    const file = splitBundle(await readRegularOrRefuse(upload.path)).ders.flatMap((der) => ctx.index.add(der) ?? []);
    const withFile = withRootFile(
      rows,
      slot.report.chain.map((c) => c.fingerprint),
      file,
      ctx.index,
      ctx.platform,
    );
    rows = withFile.rows;
    if (withFile.helped === 0) fileNotes.push(msg('app:rootFile.noMatch', { file: upload.name }));
  }
  // Narrowest first: who else reads each file comes from every interpreter this session probed.
  const known = await loadPythons(session).catch(() => session.pythonsKnown);
  const inputs = await scopeInputs({
    dataDir: session.options.dataDir,
    platform: ctx.platform,
    env: session.options.env ?? process.env,
    pythons: rows.map((r) => r.python!),
    known,
  });
  const { clients, offered } = await narrowClients(rows, clientRepairs(rows), {
    ...inputs,
    ...(focus ? { focus: focus.executable } : {}),
  });
  const unfixable = new Map<string, Message>();
  for (const c of clients)
    for (const none of c.unfixable) unfixable.set(none.why.code + JSON.stringify(none.why.params ?? {}), none.why);
  const confirmed = new Set(confirmedList);
  const confirm = new Map<string, ConfirmCert>();
  for (const p of [...clients.flatMap((c) => c.proposals), ...offered.map((o) => o.proposal)]) {
    if (!p.needsFingerprintConfirmation) continue;
    for (const c of p.certificates ?? []) {
      if (confirm.has(c.fingerprint)) continue;
      const r = ctx.index.record(c.fingerprint);
      confirm.set(c.fingerprint, {
        fingerprint: c.fingerprint,
        name: r.name,
        subject: r.subject,
        issuer: r.issuer,
        notBefore: r.notBefore,
        notAfter: r.notAfter,
        from: c.from,
        confirmed: confirmed.has(c.fingerprint),
      });
    }
  }
  const sources = rows.flatMap((r) => r.sources.flatMap((s) => (s.kind === 'file' ? [s.path] : [])));
  const pc = await appPlanContext(session, sources);
  // A client waiting for a fingerprint is shown by the confirmation step, not as a refusal.
  const { plan, clients: planned } = await planClients(pc, clients, { confirmed });
  const withOffers = await addOffers(pc, plan, planned, clients, offered, { confirmed });
  return keep(session, 'check', plan, {
    checkId,
    clients: withOffers,
    confirm: [...confirm.values()],
    notes: [...fileNotes, ...unfixable.values()],
    ...(focus ? { focus: focus.id } : {}),
  });
}

export async function planRootUpdate(session: Session, mode: 'refresh' | 'merged'): Promise<Plan> {
  if (!session.scan && session.extraBundles.size === 0) throw new Problem(msg('app:update.scanFirst'));
  const pc = await appPlanContext(session);
  const plan: CorePlan = { actions: [], refused: [] };
  const notes: Message[] = [];
  let n = 0;
  const add = async (what: string, make: () => Promise<ActionRecord | null> | ActionRecord | null): Promise<void> => {
    try {
      const action = await make();
      if (action) plan.actions.push(action);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      plan.refused.push({ what, reason: error.problem });
    }
  };
  const stale = session.allBundles().filter((v) => v.status === 'stale');
  if (mode === 'refresh') {
    for (const v of stale)
      await add(v.path, () => planRefresh(pc, v.path, { kind: 'reference' }, msg('app:update.whyStale'), `a${++n}`));
    if (stale.length === 0) notes.push(msg('app:update.noStale'));
  } else {
    const bundle = join(pc.dataDir, 'merged-ca.pem');
    const fps = new Set([...pc.ctx.reference.fingerprints, ...pc.ctx.osStore.fingerprints]);
    // Roots somebody added to a bundle on purpose (a corporate root) stay trusted.
    for (const v of session.allBundles()) for (const e of v.details.extra) fps.add(e.fingerprint);
    const text = Buffer.from(
      [...fps]
        .filter((fp) => pc.ctx.index.get(fp))
        .map((fp) => `# ${pc.ctx.index.record(fp).name}\n${derToPem(pc.ctx.index.get(fp)!.der)}`)
        .join('\n'),
    );
    await add(bundle, async () => {
      const { change } = await fileChange(pc, bundle, text, 'data-dir', {
        kind: 'bundle',
        fingerprints: [...splitBundle(text).ders.map((d) => pc.ctx.index.add(d)!)],
      });
      return {
        id: `a${++n}`,
        kind: 'point',
        what: msg('repair:what.merged', { path: bundle, count: fps.size }),
        where: bundle,
        why: msg('repair:why.merged'),
        elevation: { needed: false },
        undo: msg(change.before ? 'repair:undo.restoreBytes' : 'repair:undo.removeFile', { path: bundle }),
        notes: [],
        changes: [change],
      };
    });
    // The two variables share TrustFix's env file and the profile line: one action writes them once.
    await add('SSL_CERT_FILE, REQUESTS_CA_BUNDLE', () =>
      planPoint(pc, ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'], bundle, `a${++n}`),
    );
    const python = await readerPython(session);
    await add('pip.conf', () => planPoint(pc, 'pip.conf', bundle, `a${++n}`, python ? { python } : {}));
  }
  // A vendor refresh where the OS has one (Windows Update); elsewhere a note on how that OS updates.
  if (pc.ctx.platform.storeRefresh(pc.dataDir)) await add('os-store', () => planOsStoreRefresh(pc, `a${++n}`));
  else notes.push(msg(`app:update.osStoreBy.${pc.ctx.platform.id}`));
  return keep(session, 'root-update', plan, { notes });
}

/** An interpreter to read pip's configuration back with: one that has pip, else any that answered. */
async function readerPython(session: Session): Promise<string | undefined> {
  const pythons = await loadPythons(session).catch(() => []);
  const working = pythons.filter((p) => !p.error);
  return (working.find((p) => p.packages?.pip) ?? working[0])?.executable;
}

export async function planBundleRefresh(session: Session, bundleId: string): Promise<Plan> {
  const v = session.bundle(bundleId);
  if (!v) throw new Problem(msg('app:api.unknownBundle', { id: bundleId }));
  const pc = await appPlanContext(session);
  const plan: CorePlan = { actions: [], refused: [] };
  try {
    const action = await planRefresh(
      pc,
      v.path,
      { kind: 'reference' },
      msg('app:details.whyRefresh', { path: v.path }),
    );
    if (action) plan.actions.push(action);
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    plan.refused.push({ what: v.path, reason: error.problem });
  }
  return keep(
    session,
    'bundle',
    plan,
    plan.actions.length === 0 && plan.refused.length === 0 ? { notes: [msg('app:details.alreadyCurrent')] } : {},
  );
}

export async function planBundleAppend(session: Session, bundleId: string, uploadId: string): Promise<Plan> {
  const v = session.bundle(bundleId);
  if (!v) throw new Problem(msg('app:api.unknownBundle', { id: bundleId }));
  const upload = session.uploads.get(uploadId);
  if (!upload) throw new Problem(msg('app:api.unknownUpload', { id: uploadId }));
  const pc = await appPlanContext(session);
  const ders = splitBundle(await readRegularOrRefuse(upload.path)).ders;
  const plan: CorePlan = { actions: [], refused: [] };
  const notes: Message[] = [];
  try {
    const action = await planAppend(
      pc,
      v.path,
      ders.map((der) => ({ der, from: upload.name })),
      msg('app:details.whyAppend', { file: upload.name }),
    );
    if (action) plan.actions.push(action);
    else notes.push(msg('app:details.nothingNew'));
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    plan.refused.push({ what: upload.name, reason: error.problem });
  }
  return keep(session, 'bundle', plan, { notes });
}

/** A row of the Pythons screen: "Use the system's certificate store" for that interpreter alone, the
 * same use-os-store action `trustfix use-os-store --python` plans (truststore and its start-up .pth
 * in the interpreter's own site-packages); a Python too old for truststore is a refusal, shown. */
export async function planUseOsStoreFor(session: Session, pythonId: string): Promise<Plan> {
  const [python] = await pythonsByIds(session, [pythonId]);
  const pc = await appPlanContext(session);
  const plan: CorePlan = { actions: [], refused: [] };
  try {
    plan.actions.push(await planUseOsStore(pc, await pythonFacts(python!.executable)));
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    plan.refused.push({ what: python!.executable, reason: error.problem });
  }
  return keep(session, 'python', plan, { focus: pythonId });
}
