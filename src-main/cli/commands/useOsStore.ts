// `trustfix use-os-store --python PATH [--yes]`: truststore for requests/urllib in one interpreter.
import { Command } from '@commander-js/extra-typings';
import { planUseOsStore } from '../../core/repair/planPython.ts';
import { pythonFacts } from '../../core/repair/pythonFacts.ts';
import { planAndApply, planContext, type RepairOptions } from '../repair/run.ts';

export function useOsStoreCommand() {
  return new Command('use-os-store')
    .description(
      'make requests and urllib in one Python 3.10+ verify with the OS store (truststore, injected at start-up)',
    )
    .requiredOption('--python <path>', 'the interpreter')
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      const pc = await planContext(opts);
      await planAndApply(
        { actions: [await planUseOsStore(pc, await pythonFacts(options.python))], refused: [] },
        opts,
        'use-os-store',
      );
    });
}
