// `trustfix pythons`: every interpreter and what its clients trust, without the bundle table.
// The bundles the clients read are judged all the same (they are in --json's "bundles").
import { Command } from '@commander-js/extra-typings';
import { contextFrom, type GlobalOptions } from '../globalOptions.ts';
import { exitFor } from '../exitCodes.ts';
import { t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { addPythonOptions, pythonsText, runPythons, type PythonOptions } from '../pythonsOutput.ts';

export function pythonsCommand(): Command {
  const command = new Command('pythons').description(t('pythons:cmd.description'));
  addPythonOptions(command, false);
  command.action(async (_options, cmd) => {
    const opts = cmd.optsWithGlobals() as GlobalOptions & PythonOptions;
    const ctx = await contextFrom(opts);
    const { signal, dispose } = abortOnSignals();
    try {
      const result = await runPythons(opts, ctx, [], signal);
      if (opts.json)
        process.stdout.write(
          `${JSON.stringify({ schema: 1, at: ctx.at.toISOString(), pythons: result.pythons, bundles: result.bundles, timing: result.timing }, null, 2)}\n`,
        );
      else process.stdout.write(`${await pythonsText(result, opts)}\n`);
      process.exitCode = exitFor(result.problems);
    } finally {
      dispose();
    }
  });
  return command;
}
