// From what `check` proposed (RepairProposal[]) to a plan of action records. Each proposal names
// things core found (a bundle path from the scan, certificates with their PEM, an interpreter);
// anything else is refused with the reason, and the rest is still planned.
import { splitBundle } from '../certs/pem.ts';
import { msg } from '../messages.ts';
import type { ActionRecord, Plan } from './action.ts';
import { RefusedError } from './pathGuard.ts';
import { planAppend, planRefresh, type CertInput } from './planBundle.ts';
import type { PlanContext } from './planContext.ts';
import { planPoint } from './planPoint.ts';
import { planMacosInstallCertificates, planPipRefresh, planUseOsStore } from './planPython.ts';
import { planPthBundle } from './planPthBundle.ts';
import { planOsStoreAdd } from './planStore.ts';
import type { RepairProposal } from './proposal.ts';
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
    for (const der of splitBundle(Buffer.from(c.pem)).ders) out.push({ der, from: c.from === 'chain' ? 'the server chain' : c.from });
  }
  return out;
}

export async function planProposals(pc: PlanContext, proposals: RepairProposal[], options: PlannerOptions): Promise<Plan> {
  const plan: Plan = { actions: [], refused: [] };
  const touched = new Set<string>();
  let n = 0;
  for (const p of proposals) {
    const id = `a${++n}`;
    try {
      let action: ActionRecord | null = null;
      if (p.needsFingerprintConfirmation && (p.certificates ?? []).some((c) => !options.confirmed.has(c.fingerprint))) {
        plan.refused.push({ what: p.kind, reason: msg('repair:refused.confirmFingerprint', { fingerprints: (p.certificates ?? []).map((c) => c.fingerprint).join(', ') }) });
        continue;
      }
      switch (p.kind) {
        case 'append':
          if (!p.bundlePath) throw new RefusedError(msg('repair:refused.noTarget', { kind: p.kind }));
          if (touched.has(p.bundlePath)) continue; // one change per file per command
          action = await planAppend(pc, p.bundlePath, certsOf(p), p.why, id);
          break;
        case 'refresh':
          if (options.preferPip && p.python) action = planPipRefresh(await pythonFacts(p.python), id);
          else if (p.bundlePath) action = await planRefresh(pc, p.bundlePath, { kind: 'reference' }, p.why, id);
          else throw new RefusedError(msg('repair:refused.noTarget', { kind: p.kind }));
          break;
        case 'point':
          if (!p.bundlePath || !p.variable) throw new RefusedError(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planPoint(pc, p.variable, p.bundlePath, id);
          break;
        case 'use-os-store':
          if (!p.python) throw new RefusedError(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planUseOsStore(pc, await pythonFacts(p.python), id);
          break;
        case 'pth-bundle':
          if (!p.python) throw new RefusedError(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planPthBundle(pc, await pythonFacts(p.python), certsOf(p), p.why, id);
          break;
        case 'macos-install-certificates':
          if (!p.python) throw new RefusedError(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planMacosInstallCertificates(pc, await pythonFacts(p.python), id);
          break;
        case 'os-store': {
          const cert = certsOf(p)[0];
          if (!cert) throw new RefusedError(msg('repair:refused.noTarget', { kind: p.kind }));
          action = await planOsStoreAdd(pc, cert.der, cert.from, p.why, id);
          break;
        }
        default:
          continue; // 'export' needs a file the user picks; 'none' changes nothing
      }
      if (action) {
        plan.actions.push(action);
        if (p.bundlePath) touched.add(p.bundlePath);
      }
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      plan.refused.push({ what: `${p.kind}${p.bundlePath ? ` ${p.bundlePath}` : ''}`, reason: error.problem });
    }
  }
  return plan;
}
