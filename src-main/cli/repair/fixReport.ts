// What `trustfix fix` says at the end, per client (safety rule 8, docs/safety-rules.md): fixed, still failing and put back,
// waiting for a confirmed fingerprint (with the --confirm to give it), or beyond what this machine can
// fix. Exit 0 only when every client asked for works (without --yes: would, by the plan); on a
// failure stderr always says which clients do not work yet. --json carries the same outcomes.
import { planForJson, type Plan } from '../../core/repair/action.ts';
import type { ApplyResult } from '../../core/repair/apply.ts';
import { allWork, type ClientOutcome } from '../../core/repair/clientPlan.ts';
import { exitFor } from '../exitCodes.ts';
import { say, t } from '../i18n.ts';
import type { RepairOptions } from './run.ts';

const ROUTE_COMMAND: Record<string, (python: string) => string> = {
  'os-store': () => 'trustfix os-store',
  'use-os-store': (python) => `trustfix use-os-store --python ${python}`,
};

function lines(o: ClientOutcome, client: string): string[] {
  switch (o.outcome) {
    case 'works':
      return [t('repair:fix.outcome.works', { client })];
    case 'fixed':
      return [t('repair:fix.outcome.fixed', { client })];
    case 'planned':
      return [t('repair:fix.outcome.planned', { client, actions: o.actions.join(', ') })];
    case 'still-failing':
      return [
        t(o.putBack ? 'repair:fix.outcome.stillFailingPutBack' : 'repair:fix.outcome.stillFailingKept', {
          client,
          detail: o.detail,
        }),
      ];
    case 'needs-confirmation': {
      const certs = o.confirm ?? [];
      const confirm = `--confirm ${certs.map((c) => c.fingerprint).join(' ')}`;
      return [
        t('repair:fix.outcome.needsConfirmation', {
          client,
          names: certs.map((c) => c.name).join(', '),
          fingerprints: certs.map((c) => c.fingerprint).join(', '),
          confirm,
        }),
      ];
    }
    case 'unfixable':
    case 'refused':
    case 'no-repair': {
      const head = t(
        o.outcome === 'unfixable'
          ? 'repair:fix.outcome.unfixable'
          : o.outcome === 'refused'
            ? 'repair:fix.outcome.refused'
            : 'repair:fix.outcome.noRepair',
        { client },
      );
      const routes = (o.otherRoutes ?? []).flatMap((k) => (ROUTE_COMMAND[k] ? [ROUTE_COMMAND[k](o.python)] : []));
      return [
        head,
        ...(o.reasons ?? []).map((r) => `  - ${say(r)}`),
        ...(routes.length ? [`  ${t('repair:fix.outcome.otherRoutes', { commands: routes.join('; ') })}`] : []),
        // Safety rule 7: its only repairs change shared files; they run when asked for.
        ...(o.offered?.length ? [`  ${t('repair:fix.outcome.offered', { ids: o.offered.join(' ') })}`] : []),
      ];
    }
  }
}

/** One block per distinct outcome: clients that would be told the same thing (three clients waiting
 * for the same root) share one sentence, named together ("urllib, requests, pip: ..."). */
export function outcomeLines(outcomes: ClientOutcome[]): string[] {
  const MARK = '@@client@@'; // plain text: sentence values are shown escaped, a control character would not survive
  const groups = new Map<string, string[]>();
  for (const o of outcomes) {
    const text = lines(o, MARK).join('\n');
    groups.set(text, [...(groups.get(text) ?? []), o.client]);
  }
  return [...groups].flatMap(([text, clients]) => text.split(MARK).join(clients.join(', ')).split('\n'));
}

/** What of the plan `fix` prints before the per-client outcomes: nothing when it changes nothing
 * (the outcomes say why), and no refusal that a client's own lines already give as its reason. */
export function planToPrint(plan: Plan, outcomes: ClientOutcome[]): Plan | null {
  const said = new Set(outcomes.flatMap((o) => (o.reasons ?? []).map((r) => JSON.stringify(r))));
  const refused = plan.refused.filter((r) => !said.has(JSON.stringify(r.reason)));
  if (plan.actions.length === 0 && !plan.offered?.length && refused.length === 0) return null;
  return { ...plan, refused };
}

export interface FixReport {
  url: string;
  python: string;
  plan: Plan;
  outcomes: ClientOutcome[];
  result?: ApplyResult;
  alreadyOk: boolean;
}

/** Prints the outcome and sets the exit code. */
export function reportFix(r: FixReport, opts: RepairOptions): void {
  const ok = allWork(r.outcomes);
  const kept = r.result?.entry?.state === 'applied' ? r.result.entry.id : null;
  const problems = r.result?.problems ?? [];
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ url: r.url, python: r.python, ok, applied: kept !== null, entry: kept, plan: planForJson(r.plan), clients: r.outcomes, problems }, null, 2)}\n`,
    );
  } else if (r.alreadyOk) {
    process.stdout.write(`${t('repair:fix.alreadyOk', { url: r.url })}\n`);
  } else {
    const out = [t('repair:fix.perClient'), ...outcomeLines(r.outcomes).map((l) => `  ${l}`)];
    if (kept) out.push(t('repair:applied', { id: kept }));
    process.stdout.write(`${out.join('\n')}\n`);
  }
  for (const p of problems) process.stderr.write(`${say(p)}\n`);
  if (!ok) {
    const failing = r.outcomes.filter((o) => !allWork([o])).map((o) => o.client);
    process.stderr.write(`${t('repair:fix.notAllWork', { clients: failing.join(', ') })}\n`);
  }
  process.exitCode = exitFor(!ok);
}
