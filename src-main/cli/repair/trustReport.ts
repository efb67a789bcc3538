// What `trustfix trust` and `trustfix apply` print after a trust plan ran (or was only shown): per
// client, done / verified / put back, the history entry, and the exit code (1 when a client asked for
// will not trust the root).
import { planForJson } from '../../core/repair/action.ts';
import type { ApplyResult } from '../../core/repair/apply.ts';
import type { TrustPlan } from '../../core/repair/trustRoot/planTrust.ts';
import { shown } from '../../../assets/locales/shown.ts';
import { exitFor } from '../exitCodes.ts';
import { say, t } from '../i18n.ts';
import type { RepairOptions } from './run.ts';

/** Statuses after which the client will not trust ROOT: the exit code says so. */
const NOT_DONE = new Set(['needs-os-store', 'overridden', 'refused']);

/** A planned client after the apply: done (read back), verified against the host, or put back. */
function stateOf(r: TrustPlan['clients'][number], result: ApplyResult | undefined): string {
  if (r.status !== 'planned' || !result) return r.status;
  const o = result.outcomes?.find((x) => x.key === r.key);
  if (o) return o.ok ? 'verified' : o.putBack ? 'failedPutBack' : 'failedKept';
  return result.ok ? 'done' : 'putBack';
}

export function reportTrust(tp: TrustPlan, result: ApplyResult | undefined, opts: RepairOptions): void {
  const failing = tp.clients.filter(
    (r) => NOT_DONE.has(r.status) || ['failedPutBack', 'failedKept'].includes(stateOf(r, result)),
  );
  const applyFailed = result !== undefined && !result.ok;
  // Something was kept (all of it, or the clients that work after a re-check): its history entry.
  const entry = result?.entry && result.entry.state === 'applied' ? result.entry.id : null;
  if (opts.json) {
    const clients = tp.clients.map((r) => ({
      ...r,
      outcome: stateOf(r, result),
      ...(result?.outcomes?.find((o) => o.key === r.key)?.detail
        ? { detail: result.outcomes.find((o) => o.key === r.key)!.detail }
        : {}),
    }));
    process.stdout.write(
      `${JSON.stringify({ root: tp.root, plan: planForJson(tp.plan), clients, applied: entry !== null, entry, problems: result?.problems ?? [] }, null, 2)}\n`,
    );
  } else {
    const out: string[] = ['', t('trust:cli.perClient')];
    for (const r of tp.clients) {
      const who = r.python
        ? `${r.client} (Python ${r.version ?? '?'}, ${shown(r.python)})`
        : `${r.client} (${shown(r.executable)}${r.version ? ` ${r.version}` : ''})`;
      const state = stateOf(r, result);
      const detail = result?.outcomes?.find((o) => o.key === r.key)?.detail ?? '';
      out.push(
        `  ${t(`trust:cli.status.${state}`, { who, actions: r.actions.join(' '), offered: r.offered.join(' '), route: r.route ? t(`trust:route.${r.route}`) : '', detail: shown(detail, true) })}`,
      );
      for (const reason of r.reasons) out.push(`    - ${say(reason)}`);
    }
    if (entry) out.push('', t('repair:applied', { id: entry }));
    process.stdout.write(`${out.join('\n')}\n`);
  }
  // A failure never leaves stderr empty, --json or not.
  if (result && !result.ok) for (const p of result.problems) process.stderr.write(`${say(p)}\n`);
  if (applyFailed && failing.length === 0) process.stderr.write(`${t('trust:cli.notApplied')}\n`);
  if (failing.length)
    process.stderr.write(`${t('trust:cli.notEveryClient', { clients: failing.map((r) => r.client).join(', ') })}\n`);
  process.exitCode = exitFor(applyFailed || failing.length > 0);
}
