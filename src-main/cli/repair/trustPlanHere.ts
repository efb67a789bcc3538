// The plan `trustfix trust ROOT` makes on this machine, as `trust` applies it and `plan trust` exports
// it: ROOT resolved, the interpreters (--python, else every one found) and the other clients found,
// then ticked by --only/--skip/--include. Clients named but not found are said on stderr.
import { scanPythons } from '../../core/pythons/probeAll.ts';
import type { ToolClient } from '../../core/clients/types.ts';
import type { PlanContext } from '../../core/repair/planContext.ts';
import { planTrust, selectTrust, unknownClients, type TrustPlan } from '../../core/repair/trustRoot/planTrust.ts';
import { resolveRoot, type TrustRoot } from '../../core/repair/trustRoot/root.ts';
import { resolveKeepingDots } from '../commands/append.ts';
import { say } from '../i18n.ts';
import { knownPythons } from './readers.ts';
import { findToolClients } from './toolClients.ts';

export interface TrustChoice {
  python?: string[];
  only?: string[];
  skip?: string[];
  include?: string[];
}

export async function trustPlanHere(
  pc: PlanContext,
  rootArg: string,
  options: TrustChoice,
): Promise<{ root: TrustRoot; tools: ToolClient[]; tp: TrustPlan }> {
  const root = await resolveRoot(pc.ctx, pc.dataDir, rootArg, process.cwd());
  const known = await knownPythons(pc.dataDir);
  const pythons = options.python?.length
    ? (
        await scanPythons({
          pythons: options.python.map(resolveKeepingDots),
          only: true,
          dataDir: pc.dataDir,
          env: process.env,
        })
      ).pythons.filter((p) => !p.error)
    : known;
  const tools = await findToolClients(pc, known);
  const full = await planTrust({ pc, root, tools, pythons, known, env: process.env, places: pc.ctx.platform.clients });
  const selection = {
    ...(options.only ? { only: options.only } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.include ? { include: options.include } : {}),
  };
  for (const m of unknownClients(full, selection)) process.stderr.write(`${say(m)}\n`);
  return { root, tools, tp: selectTrust(full, selection) };
}
