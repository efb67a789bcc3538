// `trustfix elevated-apply BATCH`: the one narrow verb the OS prompt runs. Not for people; hidden.
import { Command } from '@commander-js/extra-typings';
import { resolveDataDir } from '../../core/dataDir.ts';
import { platformFor } from '../../core/platform/index.ts';
import { runCommand } from '../../core/repair/commandStep.ts';
import { elevatedApplyBatch } from '../../core/repair/elevatedApply.ts';
import { ELEVATED_VERB } from '../../core/repair/elevation.ts';
import { exitFor } from '../exitCodes.ts';
import type { GlobalOptions } from '../globalOptions.ts';

export function elevatedApplyCommand() {
  return new Command(ELEVATED_VERB)
    .description(
      '(internal) the elevated steps of one plan: checks each again, then writes files and runs store commands',
    )
    .argument('<batch>', 'the batch file in the journal')
    .action(async (batch, _options, command) => {
      const opts = command.optsWithGlobals() as GlobalOptions;
      const result = await elevatedApplyBatch(batch, {
        dataDir: resolveDataDir(opts.dataDir),
        platform: platformFor(),
        run: (spec) => runCommand(spec),
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exitCode = exitFor(!result.ok);
    });
}
