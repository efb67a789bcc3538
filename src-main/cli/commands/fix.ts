// `trustfix fix URL --python PATH [--client NAME...] [--confirm FINGERPRINT...] [--yes]`: asks the
// check engine why URL fails in this interpreter, plans the repair for each failing client, applies
// the plan with --yes, then re-runs the interpreter's own connection; if it still fails, everything
// is rolled back. Narrowest first (safety rule 7): by default only this interpreter's own files; files
// other programs share are offered (o1, o2, ...) and changed only with --include.
import { Command, Option } from '@commander-js/extra-typings';
import { checkForFix } from '../../core/repair/checkForFix.ts';
import { clientsOf, planNarrow, selectSteps } from '../../core/repair/narrow.ts';
import { CLIENTS } from '../../core/pythons/types.ts';
import { knownPythons } from '../repair/readers.ts';
import { say, t } from '../i18n.ts';
import { confirmOnTerminal, planAndApply, planContext, type RepairOptions } from '../repair/run.ts';

export function fixCommand() {
  return new Command('fix')
    .description('plan and apply the repairs `check` proposes for URL in one interpreter')
    .argument('<url>', 'host, host:port or https://host[:port]/path')
    .requiredOption('--python <path>', 'the interpreter that fails')
    .addOption(new Option('--client <name...>', 'only these clients (default: every client that fails)').choices(CLIENTS))
    .option('--confirm <fingerprint...>', 'SHA-256 fingerprints you checked of certificates taken from the server')
    .option('--pip', 'refresh certifi with pip instead of rewriting its file')
    .option('--include <step...>', 'also apply these offered steps (o1, o2, ...: files other programs share)')
    .option('--skip <step...>', 'leave out these default steps (a1, a2, ...)')
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (url, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      const base = await planContext(opts);
      const checked = await checkForFix({ url, python: options.python, ctx: base.ctx, dataDir: base.dataDir, known: await knownPythons(base.dataDir), ...(options.client ? { clients: options.client } : {}) });
      if (checked.alreadyOk) {
        process.stdout.write(`${t('repair:fix.alreadyOk', { url })}\n`);
        return;
      }
      for (const p of checked.unfixable) process.stdout.write(`${say(p.why)}\n`);
      if (checked.proposals.length === 0) {
        process.exitCode = 1;
        return;
      }
      const pc = await planContext(opts, checked.findings);
      const confirmed = new Set((options.confirm ?? []).map((f) => f.toLowerCase().replace(/[^0-9a-f]/g, '')));
      for (const p of checked.proposals.filter((x) => x.needsFingerprintConfirmation)) {
        for (const c of p.certificates ?? []) {
          if (confirmed.has(c.fingerprint)) continue;
          if (await confirmOnTerminal(t('repair:fix.confirmFingerprint', { name: c.name, fingerprint: c.fingerprint }))) confirmed.add(c.fingerprint);
        }
      }
      const planned = await planNarrow(pc, checked.narrow, { confirmed, preferPip: options.pip ?? false });
      const plan = selectSteps(planned, { include: options.include ?? [], skip: options.skip ?? [] });
      await planAndApply(plan, opts, 'fix', { verifyAfter: () => checked.verify(clientsOf(plan).map((c) => c.client)) });
    });
}
