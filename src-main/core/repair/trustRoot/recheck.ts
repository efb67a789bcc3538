// `trust ROOT --check URL`: once every setting is in place and read back, each client is run against
// the host for real (the check engine: urllib/requests/pip in each interpreter; curl, git, node, uv and
// conda by the commands `check` runs), with the environment its setting gives a new login shell (a
// persistent variable such as NODE_EXTRA_CA_CERTS added). applyPlan keeps the steps of a client that
// works and puts back, on their own, those of a client that still fails (safety rule 8, docs/safety-rules.md). A client that
// cannot be run this way (npm, poetry, the AWS CLI) counts by its read-backs, which passed.
import type { ClientEnv, ToolClient } from '../../clients/types.ts';
import type { TrustContext } from '../../context.ts';
import { checkHost } from '../../diagnose/check.ts';
import { toRunSpec } from '../../diagnose/clientRuns/find.ts';
import { isPythonRow } from '../../diagnose/types.ts';
import type { Target } from '../../diagnose/target.ts';
import type { Plan } from '../action.ts';
import type { Recheck } from '../apply.ts';
import type { TrustClientRow } from './planTrust.ts';

export interface TrustRecheckInput {
  target: Target;
  plan: Plan;
  rows: TrustClientRow[];
  tools: ToolClient[];
  ctx: TrustContext;
  env: ClientEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function trustRecheck(input: TrustRecheckInput): Recheck {
  const planned = input.rows.filter((r) => r.actions.length > 0);
  const index = (id: string): number => input.plan.actions.findIndex((a) => a.id === id);
  const groups = planned.map((r) => ({ key: r.key, actions: r.actions.map(index).filter((i) => i >= 0) }));
  // What a new login shell has after the change: the variables the plan's settings persist.
  const after: Record<string, string> = { ...(input.env as Record<string, string>) };
  for (const r of planned) Object.assign(after, r.envAfter ?? {});
  const run = async (): Promise<Record<string, { ok: boolean; detail: string }>> => {
    const pythons = [...new Set(planned.flatMap((r) => (r.python ? [r.python] : [])))];
    const specs = planned.flatMap((r) => {
      const tool = r.python ? undefined : input.tools.find((t) => `tool|${t.name}|${t.executable}` === r.key);
      const spec = tool ? toRunSpec(tool, after) : null;
      return spec ? [spec] : [];
    });
    const report = await checkHost({
      target: input.target,
      interpreters: pythons,
      clients: specs,
      ctx: input.ctx,
      env: after as NodeJS.ProcessEnv,
      timeoutMs: input.timeoutMs ?? 8000,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const out: Record<string, { ok: boolean; detail: string }> = {};
    for (const r of planned) {
      if (r.python) {
        const row = report.results.find((x) => isPythonRow(x) && x.python === r.python && x.client === r.client);
        const ok = row?.pythonSays?.ok ?? false;
        out[r.key] = { ok, detail: ok ? '' : (row?.pythonSays?.error ?? row?.cause ?? 'no answer') };
        continue;
      }
      const row = report.results.find(
        (x) => x.python === null && x.client === r.client && x.executable === r.executable,
      );
      // Not a client `check` runs: its read-backs (the client's own view of the setting) passed.
      if (!row) out[r.key] = { ok: true, detail: '' };
      else
        out[r.key] = {
          ok: row.clientSays?.ok ?? false,
          detail: row.clientSays?.ok ? '' : (row.clientSays?.error ?? row.cause),
        };
    }
    return out;
  };
  return { groups, run };
}
