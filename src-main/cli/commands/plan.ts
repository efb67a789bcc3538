// `trustfix plan trust ROOT --for ansible|intune|mdm|powershell --out DIR [--python PATH...]
// [--only CLIENT...] [--skip CLIENT...]`: the plan `trustfix trust ROOT` would apply here, made portable
// for IT's fleet tools: the artifacts each engine takes (core/repair/fleet/), plan.json (the portable
// plan and the trust plan's rows it came from) and PLAN.txt for a reviewer. Nothing on this machine
// changes but DIR, a new or empty folder.
import { Command, Option } from '@commander-js/extra-typings';
import { planForJson } from '../../core/repair/action.ts';
import { ENGINE_OS, ENGINES, GENERATORS } from '../../core/repair/fleet/registry.ts';
import { checkArtifacts, fleetPlan } from '../../core/repair/fleet/settings.ts';
import type { Artifact, Engine, FleetPlan, FleetSetting } from '../../core/repair/fleet/types.ts';
import { writeArtifacts } from '../../core/repair/fleet/write.ts';
import { say, t } from '../i18n.ts';
import { planContext, type RepairOptions } from '../repair/run.ts';
import { trustPlanHere } from '../repair/trustPlanHere.ts';
import type { TrustPlan } from '../../core/repair/trustRoot/planTrust.ts';
import { shown } from '../../../assets/locales/shown.ts';
import { resolveKeepingDots } from './append.ts';
import { checkPathSyntax } from '../../core/repair/pathGuard.ts';

export function planCommand() {
  const plan = new Command('plan').description(
    'write what a command would do as files another tool applies (fleets: Ansible, Intune, an MDM, PowerShell)',
  );
  plan.addCommand(
    new Command('trust')
      .description(
        'the plan `trustfix trust ROOT` would apply here, as the artifacts a fleet engine takes, each with its undo',
      )
      .argument('<root>', 'a PEM/DER file, or the SHA-256 of a root in the OS store or seen by `trustfix check`')
      .addOption(new Option('--for <engine>', 'the engine that applies it').choices(ENGINES).makeOptionMandatory())
      .requiredOption('--out <dir>', 'a new or empty folder for the artifacts')
      .option('--python <path...>', 'the interpreters whose clients the plan covers (default: every one found)')
      .option('--only <client...>', 'only these clients')
      .option('--skip <client...>', 'every client but these')
      .action(async (rootArg, options, command) => {
        const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
        const engine = options.for as Engine;
        const load = GENERATORS[engine];
        const out = resolveKeepingDots(options.out);
        checkPathSyntax(out);
        const pc = await planContext(opts);
        const { tp } = await trustPlanHere(pc, rootArg, options);
        const version = command.parent?.parent?.version() ?? '0.1.0';
        const fp = fleetPlan(tp, ENGINE_OS[engine], version, pc.now);
        const artifacts = [...(await load())(fp), ...common(fp, tp, engine)];
        checkArtifacts(artifacts);
        const written = await writeArtifacts(out, artifacts);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ plan: fp, written }, null, 2)}\n`);
        } else {
          process.stdout.write(
            `${t('fleet:cli.written', { engine, dir: shown(out), count: written.length, sha256: fp.root.sha256 })}\n`,
          );
          for (const a of artifacts) process.stdout.write(`  ${a.path}\n`);
        }
      }),
  );
  return plan;
}

/** What a setting does, for a reviewer: the file or variable, and the value in words. */
function describe(s: FleetSetting): string {
  if (s.kind === 'os-store' && s.client === 'os-store') return t('fleet:setting.osStoreStep');
  const value = s.value === 'system-bundle' || s.value === 'root-file' ? t(`fleet:value.${s.value}`) : (s.value ?? '');
  return t(`fleet:setting.${s.kind}`, { client: s.client, key: s.key ?? '', value, file: s.file ?? '' });
}

/** plan.json and PLAN.txt: the same for every engine. */
function common(fp: FleetPlan, tp: TrustPlan, engine: Engine): Artifact[] {
  const json = {
    comment: `TrustFix ${fp.trustfixVersion}: plan for ${engine}; root SHA-256 ${fp.root.sha256}`,
    engine,
    fleetPlan: fp,
    trustPlan: { root: tp.root, plan: planForJson(tp.plan), clients: tp.clients },
  };
  const lines = [
    `# ${t('fleet:planTxt.title', { engine, version: fp.trustfixVersion })}`,
    `# SHA-256: ${fp.root.sha256}`,
    '',
    t('fleet:planTxt.root', { name: fp.root.name, sha256: fp.root.sha256, file: fp.root.fileName }),
    t('fleet:planTxt.generated', { when: fp.generatedAt, os: fp.os }),
    '',
    t('fleet:planTxt.settings'),
    ...fp.settings.map((s, i) => `  ${i + 1}. ${describe(s)}\n     ${say({ code: s.why })}`),
    '',
    t(`fleet:planTxt.howTo.${engine}`),
    '',
    t('fleet:planTxt.fromPlan'),
    ...tp.clients.map(
      (r) => `  - ${r.client}${r.python ? ` (${r.python})` : ''}: ${t(`fleet:planTxt.status.${r.status}`)}`,
    ),
    '',
  ];
  return [
    { path: 'plan.json', content: `${JSON.stringify(json, null, 2)}\n` },
    { path: 'PLAN.txt', content: lines.join('\n') },
  ];
}
