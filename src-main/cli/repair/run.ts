// What every repair command shares: the plan context from the global options, printing a plan,
// asking on a terminal, applying with --yes, and printing the outcome. Without --yes nothing changes.
import { createInterface } from 'node:readline/promises';
import { homedir } from 'node:os';
import { realpath } from 'node:fs/promises';
import { judgeFile } from '../../core/bundles/verdict.ts';
import type { TrustContext } from '../../core/context.ts';
import { resolveDataDir } from '../../core/dataDir.ts';
import { platformFor } from '../../core/platform/index.ts';
import type { Platform } from '../../core/platform/types.ts';
import { planForJson, type ActionRecord, type Plan } from '../../core/repair/action.ts';
import { scopeMessages } from '../../core/repair/scope.ts';
import { applyPlan, type ApplyResult } from '../../core/repair/apply.ts';
import { checkPathSyntax, refuse } from '../../core/repair/pathGuard.ts';
import type { Message } from '../../core/messages.ts';
import { defaultWho, type PlanContext } from '../../core/repair/planContext.ts';
import { contextFrom, type GlobalOptions } from '../globalOptions.ts';
import { exitFor } from '../exitCodes.ts';
import { say, t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { shown } from '../../../assets/locales/shown.ts';

export interface RepairOptions extends GlobalOptions {
  yes?: boolean;
}

export async function planContext(
  opts: GlobalOptions,
  findings: string[] = [],
  platform?: Platform,
): Promise<PlanContext> {
  const ctx: TrustContext = await contextFrom(opts);
  if (platform) ctx.platform = platform;
  const real = await Promise.all(findings.map((f) => realpath(f).catch(() => f)));
  return {
    ctx,
    dataDir: resolveDataDir(opts.dataDir),
    findings: new Set(real),
    who: defaultWho(),
    now: new Date(),
    os: platformFor().id,
    home: homedir(),
  };
}

const READ_FAILURE = 'bundles:verdict.read.';

/** A bundle named on the command line is a finding only if a scan of it finds a CA bundle. One that
 * cannot be read (a pipe, a device, gone) is refused with that reason, not as "not a bundle". */
export async function bundleFinding(path: string, ctx: TrustContext): Promise<string> {
  checkPathSyntax(path);
  const verdict = await judgeFile(path, ctx);
  const code = verdict.reason.code;
  if (verdict.format === 'unreadable' && code.startsWith(READ_FAILURE))
    refuse('unreadable', { path, reason: code.slice(READ_FAILURE.length) });
  if (verdict.status !== 'current' && verdict.status !== 'stale') refuse('notAFinding', { path });
  return path;
}

function printAction(a: ActionRecord, out: string[]): void {
  out.push(`${a.id}. ${say(a.what)}`);
  out.push(`   ${t('repair:plan.why')}: ${say(a.why)}`);
  if (a.elevation.needed && a.elevation.why) out.push(`   ${t('repair:plan.elevation')}: ${say(a.elevation.why)}`);
  out.push(`   ${t('repair:plan.undo')}: ${say(a.undo)}`);
  if (a.scope) {
    const { readers, owner } = scopeMessages(a.scope);
    if (readers.length) out.push(`   ${t('repair:plan.readers')}: ${readers.map(say).join('; ')}`);
    if (owner) out.push(`   ${t('repair:plan.owner')}: ${say(owner)}`);
  }
  for (const n of a.notes) out.push(`   - ${say(n)}`);
}

export function printPlan(plan: Plan, opts: RepairOptions): void {
  if (opts.json) return;
  const out: string[] = [];
  if (plan.actions.length === 0) out.push(t('repair:plan.nothing'));
  for (const a of plan.actions) printAction(a, out);
  // Safety rule 7 (docs/safety-rules.md): shared files are offered, never changed unasked.
  if (plan.offered?.length) {
    out.push('', t('repair:plan.offered', { ids: plan.offered.map((a) => a.id).join(' ') }));
    for (const a of plan.offered) printAction(a, out);
  }
  for (const r of plan.refused) out.push(`${t('repair:plan.refused')}: ${shown(r.what)}: ${say(r.reason)}`);
  if (!opts.yes && plan.actions.length > 0) out.push(t('repair:plan.dryRun'));
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes|是|好)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Said on the terminal right before the OS prompt appears, with why it is needed. */
export function announceElevation(why: Message): void {
  process.stderr.write(`${t('repair:elevation.asking')} ${say(why)}\n`);
}

/** Prints the plan; applies it only with --yes. Exit: 0 done or nothing to do, 1 refused/failed. */
export async function planAndApply(plan: Plan, opts: RepairOptions, command: string): Promise<ApplyResult | null> {
  printPlan(plan, opts);
  if (!opts.yes || plan.actions.length === 0) {
    if (opts.json) process.stdout.write(`${JSON.stringify({ plan: planForJson(plan), applied: false }, null, 2)}\n`);
    process.exitCode = exitFor(plan.refused.length > 0);
    return null;
  }
  // Ctrl-C or SIGTERM stops the repair between steps and puts back what it did (apply.ts).
  const { signal, dispose } = abortOnSignals();
  try {
    const result = await applyPlan(plan, {
      dataDir: resolveDataDir(opts.dataDir),
      command,
      onOutput: (chunk) => process.stderr.write(chunk),
      beforeElevation: announceElevation,
      signal,
    });
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ plan: planForJson(plan), applied: result.ok, entry: result.entry?.id ?? null, problems: result.problems }, null, 2)}\n`,
      );
    } else if (result.ok) {
      process.stdout.write(`${t('repair:applied', { id: result.entry?.id ?? '-' })}\n`);
    } else {
      for (const p of result.problems) process.stderr.write(`${say(p)}\n`);
    }
    process.exitCode = exitFor(!result.ok || plan.refused.length > 0);
    return result;
  } finally {
    dispose();
  }
}
