// From what `check` proposed (RepairProposal[]) to a plan of action records. Each proposal names
// things core found (a bundle path from the scan, certificates with their PEM, an interpreter);
// anything else is refused with the reason, and the rest is still planned.
import { splitBundle } from '../certs/pem.ts';
import { msg, Problem, type Message } from '../messages.ts';
import type { ActionRecord, Plan } from './action.ts';
import { planAppend, planRefresh, type CertInput } from './planBundle.ts';
import type { PlanContext } from './planContext.ts';
import { planPoint } from './planPoint.ts';
import { planMacosInstallCertificates, planPipRefresh, planUseOsStore } from './planPython.ts';
import { planPthBundle } from './planPthBundle.ts';
import { planOsStoreAdd, planOsStoreRefresh } from './planStore.ts';
import type { RepairProposal } from '../diagnose/proposal.ts';
import { pythonFacts } from './pythonFacts.ts';

export interface PlannerOptions {
  /** Fingerprints the user confirmed (certificates taken from a server's chain need this). */
  confirmed: ReadonlySet<string>;
  /** Prefer `pip install --upgrade certifi` over rewriting the file, for certifi bundles. */
  preferPip?: boolean;
}

function certsOf(p: RepairProposal): CertInput[] {
  const out: CertInput[] = [];
  for (const c of p.certificates ?? []) {
    if (!c.pem) continue;
    for (const der of splitBundle(Buffer.from(c.pem)).ders)
      out.push({ der, from: c.from === 'chain' ? 'the server chain' : c.from });
  }
  return out;
}

/** The plan, and for each proposal the index of the action that carries it (null: refused or
 * nothing to change), so a caller can tell which actions serve which client. */
export interface TrackedPlan {
  plan: Plan;
  actionOf: Array<number | null>;
  /** For each proposal not planned: why (null when there was simply nothing to change). */
  refusedOf: Array<Message | null>;
}

const waitsForConfirmation = (p: RepairProposal, confirmed: ReadonlySet<string>): boolean =>
  p.needsFingerprintConfirmation === true && (p.certificates ?? []).some((c) => !confirmed.has(c.fingerprint));

/** One action per file: appends to one bundle (an intermediate, then a confirmed root) become one
 * append of all their certificates; a later proposal for a file already changed is not planned. */
export async function planTracked(
  pc: PlanContext,
  proposals: RepairProposal[],
  options: PlannerOptions,
): Promise<TrackedPlan> {
  const plan: Plan = { actions: [], refused: [] };
  const actionOf: Array<number | null> = proposals.map(() => null);
  const refusedOf: Array<Message | null> = proposals.map(() => null);
  const touched = new Map<string, { action: number | null; refused: Message | null }>();
  const appendsTo = (path: string): RepairProposal[] =>
    proposals.filter(
      (q) => q.kind === 'append' && q.bundlePath === path && !waitsForConfirmation(q, options.confirmed),
    );
  // The .pth route is one action per interpreter, with every certificate its proposals carry.
  const pthFor = (python: string): RepairProposal[] =>
    proposals.filter(
      (q) => q.kind === 'pth-bundle' && q.python === python && !waitsForConfirmation(q, options.confirmed),
    );
  const fileOf = (p: RepairProposal): string | undefined =>
    p.kind === 'pth-bundle' ? (p.python ? `pth|${p.python}` : undefined) : p.bundlePath;
  let n = 0;
  for (const [i, p] of proposals.entries()) {
    if (waitsForConfirmation(p, options.confirmed)) {
      refusedOf[i] = msg('repair:refused.confirmFingerprint', {
        fingerprints: (p.certificates ?? []).map((c) => c.fingerprint).join(', '),
      });
      plan.refused.push({ what: p.kind, reason: refusedOf[i] });
      continue;
    }
    const file = fileOf(p);
    if ((p.kind === 'append' || p.kind === 'pth-bundle') && file && touched.has(file)) {
      // Merged into the append planned for that file (or refused with it).
      actionOf[i] = touched.get(file)!.action;
      refusedOf[i] = touched.get(file)!.refused;
      continue;
    }
    const id = `a${++n}`;
    try {
      let action: ActionRecord | null = null;
      switch (p.kind) {
        case 'append': {
          if (!p.bundlePath) throw new Problem(msg('repair:refused.noTarget', { kind: p.kind }));
          const all = appendsTo(p.bundlePath);
          const seen = new Set<string>();
          const certs = all
            .flatMap(certsOf)
            .filter((c) => !seen.has(c.der.toString('base64')) && seen.add(c.der.toString('base64')));
          action = await planAppend(pc, p.bundlePath, certs, p.why, id);
          for (const other of all.slice(1)) action?.notes.push(other.why);
          break;
        }
        case 'refresh':
          if (options.preferPip && p.python) action = planPipRefresh(await pythonFacts(p.python), id);
          else if (p.bundlePath) action = await planRefresh(pc, p.bundlePath, { kind: 'reference' }, p.why, id);
          else throw new Problem(msg('repair:refused.noTarget', { kind: p.kind }));
          break;
        case 'point':
          if (!p.bundlePath || !p.variable) throw new Problem(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planPoint(pc, p.variable, p.bundlePath, id, p.python ? { python: p.python } : {});
          break;
        case 'use-os-store':
          if (!p.python) throw new Problem(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planUseOsStore(pc, await pythonFacts(p.python), id);
          break;
        case 'pth-bundle': {
          if (!p.python) throw new Problem(msg('repair:refused.noTarget', { kind: p.kind }));
          const all = pthFor(p.python);
          const seen = new Set<string>();
          const certs = all
            .flatMap(certsOf)
            .filter((c) => !seen.has(c.der.toString('base64')) && seen.add(c.der.toString('base64')));
          action = await planPthBundle(pc, await pythonFacts(p.python), certs, p.why, id);
          break;
        }
        case 'macos-install-certificates':
          if (!p.python) throw new Problem(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planMacosInstallCertificates(pc, await pythonFacts(p.python), id);
          break;
        case 'os-store': {
          // With a certificate: add that one root; without: refresh the store from the vendor
          // (Windows Update), refused where the OS has no such step.
          const cert = certsOf(p)[0];
          action = cert ? await planOsStoreAdd(pc, cert.der, cert.from, p.why, id) : planOsStoreRefresh(pc, id);
          break;
        }
        default:
          n--;
          continue; // 'export' needs a file the user picks; 'none' changes nothing
      }
      if (action) {
        actionOf[i] = plan.actions.length;
        plan.actions.push(action);
      } else n--;
      if (file && (p.kind === 'append' || p.kind === 'refresh' || p.kind === 'pth-bundle'))
        touched.set(file, { action: actionOf[i] ?? null, refused: null });
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      n--;
      refusedOf[i] = error.problem;
      if ((p.kind === 'append' || p.kind === 'pth-bundle') && file)
        touched.set(file, { action: null, refused: error.problem });
      plan.refused.push({ what: `${p.kind}${p.bundlePath ? ` ${p.bundlePath}` : ''}`, reason: error.problem });
    }
  }
  return { plan, actionOf, refusedOf };
}
