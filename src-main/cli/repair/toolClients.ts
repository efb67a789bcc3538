// The non-Python clients `trust` plans for, as the clients layer finds them (PATH, conda's
// environments, botocore in each interpreter), in this process's environment.
import { scanClients } from '../../core/clients/scanClients.ts';
import type { ToolClient } from '../../core/clients/types.ts';
import type { PythonInfo } from '../../core/pythons/types.ts';
import type { PlanContext } from '../../core/repair/planContext.ts';

export async function findToolClients(
  pc: PlanContext,
  pythons: PythonInfo[],
  signal?: AbortSignal,
): Promise<ToolClient[]> {
  return (await scanClients(pc.ctx, [], { env: process.env, home: pc.home, pythons, ...(signal ? { signal } : {}) }))
    .clients;
}
