// `trustfix fix URL --python PATH [--client NAME...] [--confirm FINGERPRINT...] [--yes]`: asks the
// check engine why URL fails in this interpreter, plans the repairs for each failing client, applies
// the plan with --yes, then re-runs the interpreter's own connections once: each client's changes are
// kept when it works and put back on their own when it still fails (safety rule 8, docs/safety-rules.md). It says per
// client what happened; see fixReport.ts for the exit code and the JSON. Narrowest first (safety rule
// 7): by default only this interpreter's own files; files other programs share are offered (o1, o2,
// ...) and changed only with --include.
import { Command, Option } from '@commander-js/extra-typings';
import { resolveDataDir } from '../../core/dataDir.ts';
import { applyPlan, type ApplyResult } from '../../core/repair/apply.ts';
import { checkForFix } from '../../core/repair/checkForFix.ts';
import {
  clientOutcomes,
  planClients,
  recheckGroups,
  waitingFor,
  type ToConfirm,
} from '../../core/repair/clientPlan.ts';
import { addOffers, selectSteps } from '../../core/repair/narrow.ts';
import { CLIENTS } from '../../core/pythons/types.ts';
import { t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { planToPrint, reportFix } from '../repair/fixReport.ts';
import { knownPythons } from '../repair/readers.ts';
import { announceElevation, confirmOnTerminal, planContext, printPlan, type RepairOptions } from '../repair/run.ts';

export function fixCommand() {
  return new Command('fix')
    .description('plan and apply the repairs `check` proposes for URL in one interpreter')
    .argument('<url>', 'host, host:port or https://host[:port]/path')
    .requiredOption('--python <path>', 'the interpreter that fails')
    .addOption(
      new Option('--client <name...>', 'only these clients (default: every client that fails)').choices(CLIENTS),
    )
    .option('--confirm <fingerprint...>', 'SHA-256 fingerprints you checked of certificates taken from the server')
    .option('--pip', 'refresh certifi with pip instead of rewriting its file')
    .option('--include <step...>', 'also apply these offered steps (o1, o2, ...: files other programs share)')
    .option('--skip <step...>', 'leave out these default steps (a1, a2, ...)')
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (url, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      const base = await planContext(opts);
      const checked = await checkForFix({
        url,
        python: options.python,
        ctx: base.ctx,
        dataDir: base.dataDir,
        known: await knownPythons(base.dataDir),
        ...(options.client ? { clients: options.client } : {}),
      });
      const pc = await planContext(opts, checked.findings);
      const confirmed = new Set((options.confirm ?? []).map((f) => f.toLowerCase().replace(/[^0-9a-f]/g, '')));
      // On a terminal, each certificate still waiting is asked about once (elsewhere: --confirm).
      const asked = new Map<string, ToConfirm>();
      for (const c of checked.clients) for (const w of waitingFor(c, confirmed)) asked.set(w.fingerprint, w);
      for (const c of asked.values()) {
        if (await confirmOnTerminal(t('repair:fix.confirmFingerprint', { name: c.name, fingerprint: c.fingerprint })))
          confirmed.add(c.fingerprint);
      }
      const planned = await planClients(pc, checked.clients, { confirmed, preferPip: options.pip ?? false });
      const offeredFor = await addOffers(pc, planned.plan, planned.clients, checked.clients, checked.offered, {
        confirmed,
      });
      const { plan, clients } = selectSteps(planned.plan, offeredFor, {
        include: options.include ?? [],
        skip: options.skip ?? [],
      });
      // The plan, unless it changes nothing (the per-client lines then say why, once each).
      const shownPlan = planToPrint(plan, clientOutcomes(plan, clients, checked.working, undefined));
      if (shownPlan) printPlan(shownPlan, opts);
      let result: ApplyResult | undefined;
      // Ctrl-C or SIGTERM stops the repair between steps and puts back what it did (apply.ts).
      const { signal, dispose } = abortOnSignals();
      try {
        if (opts.yes && plan.actions.length > 0) {
          result = await applyPlan(plan, {
            dataDir: resolveDataDir(opts.dataDir),
            command: 'fix',
            onOutput: (chunk) => process.stderr.write(chunk),
            beforeElevation: announceElevation,
            recheck: { groups: recheckGroups(clients), run: checked.recheck },
            signal,
          });
        }
        const outcomes = clientOutcomes(plan, clients, checked.working, result);
        reportFix(
          { url, python: options.python, plan, outcomes, ...(result ? { result } : {}), alreadyOk: checked.alreadyOk },
          opts,
        );
      } finally {
        dispose();
      }
    });
}
