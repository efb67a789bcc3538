// `trustfix clients`: every HTTPS client on the machine — curl, git, node/npm, uv, conda/mamba,
// poetry, the AWS CLI and botocore, and each interpreter's urllib, requests and pip — with the
// certificates each really uses after every setting, why, and the verdict on them.
import { Command } from '@commander-js/extra-typings';
import { clientsHaveProblems } from '../../core/clients/problems.ts';
import { clientsText, runClients } from '../clientsOutput.ts';
import { contextFrom, type GlobalOptions } from '../globalOptions.ts';
import { exitFor } from '../exitCodes.ts';
import { t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { addPythonOptions, runPythons, type PythonOptions, type PythonsResult } from '../pythonsOutput.ts';

export function clientsCommand(): Command {
  const command = new Command('clients').description(t('clients:cmd.description'));
  addPythonOptions(command, true);
  command.action(async (_options, cmd) => {
    const opts = cmd.optsWithGlobals() as GlobalOptions & PythonOptions;
    const ctx = await contextFrom(opts);
    const { signal, dispose } = abortOnSignals();
    try {
      // The interpreters first: botocore is looked for in their site-packages, conda's in its base.
      const py: PythonsResult | undefined =
        opts.pythons === false ? undefined : await runPythons(opts, ctx, [], signal);
      const scan = await runClients(ctx, py?.bundles ?? [], py?.pythons ?? [], signal);
      if (opts.json) {
        const out = {
          schema: 1,
          at: ctx.at.toISOString(),
          clients: scan.clients,
          pythons: py?.pythons ?? [],
          bundles: scan.bundles,
          timing: { ...scan.timing, ...(py ? { pythons: py.timing } : {}) },
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else process.stdout.write(`${await clientsText(scan, py?.pythons ?? [], opts)}\n`);
      process.exitCode = exitFor(clientsHaveProblems(scan.clients) || Boolean(py?.problems));
    } finally {
      dispose();
    }
  });
  return command;
}
