// Who else reads a file, for `trustfix fix`: every interpreter discovery finds, probed (cached probes
// reused from the data folder), so the plan can name the other programs a shared file serves. A
// failure here costs only those names, never the repair.
import { scanPythons } from '../../core/pythons/probeAll.ts';
import type { PythonInfo } from '../../core/pythons/types.ts';

export async function knownPythons(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<PythonInfo[]> {
  try {
    return (await scanPythons({ dataDir, env, signal: AbortSignal.timeout(60_000) })).pythons.filter((p) => !p.error);
  } catch {
    return [];
  }
}
