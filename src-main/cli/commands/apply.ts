// `trustfix apply PLAN.json`: a plan written by `trustfix plan trust ROOT --for ENGINE` applied on a
// target machine with no questions asked, for engines that just run a command (a software-deployment
// job, a login script, an SSH loop). The file's root is checked against the SHA-256 it names, then the
// same trust plan `trustfix trust ROOT --only <the plan's clients> --yes` makes here is applied by the
// same engine: plan, backup, no-follow write, read-back, journal; `trustfix undo` takes it back byte
// for byte. Clients the plan names but this machine lacks are said and skipped.
import { Command } from '@commander-js/extra-typings';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolveDataDir } from '../../core/dataDir.ts';
import { msg, Problem } from '../../core/messages.ts';
import { applyPlan, type ApplyResult } from '../../core/repair/apply.ts';
import { readPlanFile } from '../../core/repair/fleet/planFile.ts';
import type { FleetPlan } from '../../core/repair/fleet/types.ts';
import type { PlatformId } from '../../core/platform/types.ts';
import { shown } from '../../../assets/locales/shown.ts';
import { t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { announceElevation, planContext, printPlan, type RepairOptions } from '../repair/run.ts';
import { trustPlanHere } from '../repair/trustPlanHere.ts';
import { reportTrust } from '../repair/trustReport.ts';

const FLEET_OS: Record<PlatformId, FleetPlan['os']> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };

export function applyCommand() {
  return new Command('apply')
    .description('apply a plan file written by `trustfix plan trust ROOT --for ENGINE` here, without questions')
    .argument('<plan>', 'the plan.json of a `trustfix plan trust` folder')
    .action(async (planArg, options, command) => {
      // Applied without questions: the plan is printed as one that runs, not as a proposal.
      const opts = { ...command.optsWithGlobals(), ...options, yes: true } as RepairOptions;
      const file = await readPlanFile(resolve(planArg));
      const pc = await planContext(opts);
      const here = FLEET_OS[pc.ctx.platform.id];
      if (file.plan.os !== here) throw new Problem(msg('fleet:apply.otherOs', { planOs: file.plan.os, here }));
      // The root as a file of TrustFix's own, so the plan is made exactly as `trust ROOT` makes it.
      const dataDir = resolveDataDir(opts.dataDir);
      const folder = join(dataDir, 'fleet');
      await mkdir(folder, { recursive: true });
      // Named from the checked SHA-256, never from a name in the file.
      const rootFile = join(folder, `root-${file.plan.root.sha256.toLowerCase().slice(0, 16)}.pem`);
      await writeFile(rootFile, file.plan.root.pem);
      const { tp } = await trustPlanHere(pc, rootFile, { only: file.clients });
      if (!opts.json) {
        process.stdout.write(
          `${t('fleet:apply.root', { name: shown(file.plan.root.name), sha256: file.plan.root.sha256, engine: file.engine })}\n\n`,
        );
        printPlan(tp.plan, opts);
      }
      let result: ApplyResult | undefined;
      const { signal, dispose } = abortOnSignals();
      try {
        if (tp.plan.actions.length > 0)
          result = await applyPlan(tp.plan, {
            dataDir,
            command: 'apply',
            onOutput: (chunk) => process.stderr.write(chunk),
            beforeElevation: announceElevation,
            signal,
          });
      } finally {
        dispose();
      }
      reportTrust(tp, result, opts);
    });
}
