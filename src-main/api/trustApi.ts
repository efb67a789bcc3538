// plan.trustRoot: the wizard's "Trust this root for every tool", offered when a check found an
// intercepting proxy (cause `intercepted`). The renderer names the check and the root's SHA-256; the
// root must be the root of an intercepted row of that check (core found it, in the OS store), so no
// certificate or path from the renderer is ever used. The plan is core's `trust ROOT` plan (the same
// as `trustfix trust`), for the check's interpreters and every other client found; plan.apply applies
// the ticked steps, history.undo takes them back.
import { msg, Problem } from '../core/messages.ts';
import { scanClients } from '../core/clients/scanClients.ts';
import { planTrust } from '../core/repair/trustRoot/planTrust.ts';
import { rootOf } from '../core/repair/trustRoot/root.ts';
import { appPlanContext, keep } from './planApi.ts';
import { loadPythons } from './pythonsApi.ts';
import type { Session } from './session.ts';
import type { Plan } from './types.ts';

export async function planTrustRoot(session: Session, checkId: string, fingerprint: string): Promise<Plan> {
  const slot = session.checks.get(checkId);
  if (!slot) throw new Problem(msg('app:api.unknownCheck', { id: checkId }));
  const intercepted = slot.report.results
    .filter((r) => r.cause === 'intercepted')
    .map((r) => r.path[r.path.length - 1]);
  if (!intercepted.includes(fingerprint)) throw new Problem(msg('app:api.notInterceptedRoot', { fingerprint }));
  const pc = await appPlanContext(session);
  const der = pc.ctx.index.get(fingerprint)?.der;
  if (!der) throw new Problem(msg('app:api.notInterceptedRoot', { fingerprint }));
  const root = rootOf(pc.ctx, der, pc.ctx.osStore.fingerprints.has(fingerprint) ? 'os-store' : 'check', 'check');
  const env = session.options.env ?? process.env;
  const known = await loadPythons(session).catch(() => session.pythonsKnown);
  const tools = (await scanClients(pc.ctx, [], { env, home: pc.home, pythons: known })).clients;
  const tp = await planTrust({ pc, root, tools, pythons: slot.pythons, known, env, places: pc.ctx.platform.clients });
  return keep(session, 'trust-root', tp.plan, {
    trust: {
      root: { name: root.name, fingerprint: root.fingerprint, inOsStore: root.inOsStore },
      clients: tp.clients.map((c) => ({
        client: c.client,
        executable: c.executable,
        ...(c.python ? { python: c.python } : {}),
        ...(c.version ? { version: c.version } : {}),
        status: c.status,
        ...(c.route ? { route: c.route } : {}),
        steps: c.actions,
        offered: c.offered,
        reasons: c.reasons,
      })),
    },
  });
}
