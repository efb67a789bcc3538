// The fleet engines `trustfix plan trust ROOT --for ENGINE` can write for, and the OS each one's
// machines run. Loaded only when chosen.
import type { Engine, FleetPlan, Generator } from './types.ts';

export const ENGINES: readonly Engine[] = ['ansible', 'intune', 'mdm', 'powershell'];

export const ENGINE_OS: Record<Engine, FleetPlan['os']> = {
  ansible: 'linux',
  intune: 'windows',
  powershell: 'windows',
  mdm: 'darwin',
};

export const GENERATORS: Record<Engine, () => Promise<Generator>> = {
  ansible: async () => (await import('./ansible.ts')).ansibleGenerator,
  intune: async () => (await import('./intune.ts')).intuneArtifacts,
  powershell: async () => (await import('./powershell.ts')).powershellArtifacts,
  mdm: async () => (await import('./mdm.ts')).mdmArtifacts,
};
