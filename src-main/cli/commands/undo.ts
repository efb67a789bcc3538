// `trustfix undo [ID] [--yes]`: takes back one history entry whole (the latest when no ID is given).
// On a terminal it asks first; --yes skips the question; elsewhere without --yes it only says what.
import { Command } from '@commander-js/extra-typings';
import { resolveDataDir } from '../../core/dataDir.ts';
import { sudoPromptRunner } from '../../core/repair/elevation.ts';
import { canUndo, isEntryId, Journal } from '../../core/repair/journal.ts';
import { platformFor } from '../../core/platform/index.ts';
import { revertEntry } from '../../core/repair/revert.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_PROBLEMS, exitFor } from '../exitCodes.ts';
import { say, t } from '../i18n.ts';
import { announceElevation, confirmOnTerminal, type RepairOptions } from '../repair/run.ts';

export function undoCommand() {
  return new Command('undo')
    .description('take back one change from the history, byte for byte (the latest by default)')
    .argument('[id]', 'the history entry')
    .option('--yes', 'do not ask')
    .action(async (id, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions;
      const journal = new Journal(resolveDataDir(opts.dataDir));
      const entry = id
        ? isEntryId(id)
          ? await journal.load(id)
          : undefined
        : (await journal.list()).find((e) => canUndo(e.state));
      if (!entry) {
        process.stderr.write(`${t(id ? 'repair:undo.noSuchEntry' : 'repair:undo.nothing', { id: id ?? '' })}\n`);
        process.exitCode = id ? EXIT_FAILURE : EXIT_OK;
        return;
      }
      if (!canUndo(entry.state)) {
        process.stderr.write(
          `${t('repair:undo.alreadyDone', { id: entry.id, state: t(`repair:state.${entry.state}`) })}\n`,
        );
        process.exitCode = EXIT_PROBLEMS;
        return;
      }
      const summary = entry.actions.map((a) => `  - ${say(a.record.what)}\n    ${say(a.record.undo)}`).join('\n');
      process.stdout.write(`${t('repair:undo.about', { id: entry.id, command: entry.command })}\n${summary}\n`);
      if (!opts.yes && !(await confirmOnTerminal(t('repair:undo.ask')))) {
        process.stdout.write(`${t('repair:undo.notDone')}\n`);
        return;
      }
      const result = await revertEntry(
        {
          journal,
          entry,
          elevate: sudoPromptRunner,
          self: [process.execPath, process.argv[1] ?? ''],
          os: platformFor().id,
          beforeElevation: announceElevation,
        },
        'undone',
      );
      for (const p of result.problems) process.stderr.write(`${say(p)}\n`);
      process.stdout.write(`${t(result.ok ? 'repair:undo.done' : 'repair:undo.partly', { id: entry.id })}\n`);
      process.exitCode = exitFor(!result.ok);
    });
}
