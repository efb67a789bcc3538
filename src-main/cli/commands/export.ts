// `trustfix export FINGERPRINT --out FILE [--yes]`: a root from the OS store to a PEM file.
import { Command } from '@commander-js/extra-typings';
import { planExport } from '../../core/repair/planBundle.ts';
import { checkPathSyntax } from '../../core/repair/pathGuard.ts';
import { planAndApply, planContext, type RepairOptions } from '../repair/run.ts';
import { certsFromOsStore, resolveKeepingDots } from './append.ts';

export function exportCommand() {
  return new Command('export')
    .description('write a root from the OS store to a PEM file (Base64 X.509)')
    .argument('<fingerprint>', 'SHA-256 fingerprint of the root (or a prefix of 8+ hex)')
    .requiredOption('--out <file>', 'the PEM file to write (a file you pick)')
    .option('--yes', 'write it (without it the plan is only printed)')
    .action(async (fingerprint, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      const out = resolveKeepingDots(options.out);
      checkPathSyntax(out);
      const pc = await planContext(opts);
      const [cert] = certsFromOsStore(pc, [fingerprint]);
      await planAndApply({ actions: [await planExport(pc, cert!, out)], refused: [] }, opts, 'export');
    });
}
