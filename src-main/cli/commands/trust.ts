// `trustfix trust ROOT [--python PATH...] [--only CLIENT...] [--skip CLIENT...] [--include oN...] [--yes]`:
// for every client found (urllib, requests and pip in each interpreter; curl, git, node, npm, uv,
// conda, poetry, the AWS CLI), the narrowest persistent setting that makes it trust ROOT while keeping
// what it trusts today, as one plan: printed (ticked by client), applied with --yes, each setting read
// back by the client itself, the whole undone byte for byte by `trustfix undo`. ROOT is a PEM/DER
// file, or the SHA-256 of a root in the OS store or of a certificate a previous `check` saw.
// Never a setting that turns verification off (core/repair/trustRoot/forbidden.ts).
import { Command } from '@commander-js/extra-typings';
import { resolveDataDir } from '../../core/dataDir.ts';
import { applyPlan, type ApplyResult } from '../../core/repair/apply.ts';
import { trustRecheck } from '../../core/repair/trustRoot/recheck.ts';
import { parseTarget, type Target } from '../../core/diagnose/target.ts';
import { t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { announceElevation, planContext, printPlan, type RepairOptions } from '../repair/run.ts';
import { trustPlanHere } from '../repair/trustPlanHere.ts';
import { reportTrust } from '../repair/trustReport.ts';
import { shown } from '../../../assets/locales/shown.ts';
import { Problem } from '../../core/messages.ts';

export function trustCommand() {
  return new Command('trust')
    .description(
      "make every client found trust one root (a proxy's or a private CA), each by its own narrowest persistent setting",
    )
    .argument('<root>', 'a PEM/DER file, or the SHA-256 of a root in the OS store or seen by `trustfix check`')
    .option(
      '--python <path...>',
      'the interpreters whose urllib, requests and pip get the root (default: every one found)',
    )
    .option(
      '--only <client...>',
      'only these clients (urllib requests pip curl git node npm uv conda mamba poetry aws botocore)',
    )
    .option('--skip <client...>', 'every client but these')
    .option('--include <step...>', 'also apply these offered steps (o1, o2, ...: files other programs share)')
    .option(
      '--check <url>',
      'after applying, run each client against this address; a client that still fails has its setting put back',
    )
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (rootArg, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      const pc = await planContext(opts);
      const { root, tools, tp } = await trustPlanHere(pc, rootArg, options);
      if (!opts.json) {
        process.stdout.write(
          `${t('trust:cli.root', { name: shown(root.name), fingerprint: root.fingerprint, where: t(root.inOsStore ? 'trust:cli.inOsStore' : 'trust:cli.notInOsStore') })}\n\n`,
        );
        printPlan(tp.plan, opts);
      }
      let target: Target | undefined;
      if (options.check) {
        const parsed = parseTarget(options.check);
        if (!parsed.ok) throw new Problem(parsed.problem);
        target = parsed.target;
      }
      let result: ApplyResult | undefined;
      const { signal, dispose } = abortOnSignals();
      try {
        if (opts.yes && tp.plan.actions.length > 0) {
          const recheck = target
            ? trustRecheck({ target, plan: tp.plan, rows: tp.clients, tools, ctx: pc.ctx, env: process.env, signal })
            : undefined;
          result = await applyPlan(tp.plan, {
            dataDir: resolveDataDir(opts.dataDir),
            command: 'trust',
            onOutput: (chunk) => process.stderr.write(chunk),
            beforeElevation: announceElevation,
            signal,
            ...(recheck ? { recheck } : {}),
          });
        }
      } finally {
        dispose();
      }
      reportTrust(tp, result, opts);
    });
}
