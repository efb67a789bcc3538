// `trustfix history [--json]`: one entry per command that changed something, newest first.
import { Command } from '@commander-js/extra-typings';
import Table from 'cli-table3';
import { resolveDataDir } from '../../core/dataDir.ts';
import { Journal } from '../../core/repair/journal.ts';
import type { GlobalOptions } from '../globalOptions.ts';
import { say, t } from '../i18n.ts';

export function historyCommand() {
  return new Command('history')
    .description('list the changes TrustFix made (undo any with `trustfix undo ID`)')
    .action(async (_options, command) => {
      const opts = command.optsWithGlobals() as GlobalOptions;
      const entries = await new Journal(resolveDataDir(opts.dataDir)).list();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ entries }, null, 2)}\n`);
        return;
      }
      if (entries.length === 0) {
        process.stdout.write(`${t('repair:history.empty')}\n`);
        return;
      }
      const table = new Table({
        head: ['id', 'when', 'command', 'state', 'what'].map((k) => t(`repair:history.${k}`)),
        style: { head: [], border: [] },
        wordWrap: true,
      });
      for (const e of entries)
        table.push([
          e.id,
          e.createdAt.replace('T', ' ').slice(0, 19),
          e.command,
          t(`repair:state.${e.state}`),
          e.actions.map((a) => say(a.record.what)).join('\n'),
        ]);
      process.stdout.write(`${table.toString()}\n`);
    });
}
