// `trustfix elevated-apply RECORD`: the one narrow verb the OS prompt runs. Not for people; hidden.
import { Command } from '@commander-js/extra-typings';
import { elevatedApply } from '../../core/repair/elevatedApply.ts';
import { ELEVATED_VERB } from '../../core/repair/elevation.ts';

export function elevatedApplyCommand() {
  return new Command(ELEVATED_VERB)
    .description('(internal) the elevated step: checks an action record again and writes one file')
    .argument('<record>', 'the action record in the journal')
    .action(async (record) => {
      const done = await elevatedApply(record);
      process.stdout.write(`${JSON.stringify({ ok: true, ...done })}\n`);
    });
}
