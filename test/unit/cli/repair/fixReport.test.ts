// `fix` whose only repair was refused must not print "Nothing to change.", then the refusal in the
// plan's list, then the same refusal again under the client. What it prints: the refusal once,
// under the clients it leaves failing; clients told the same thing share one sentence.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../../src-main/core/repair/action.ts';
import type { ClientOutcome } from '../../../../src-main/core/repair/clientPlan.ts';
import { msg } from '../../../../src-main/core/messages.ts';
import { outcomeLines, planToPrint } from '../../../../src-main/cli/repair/fixReport.ts';

const refusal = msg('repair:refused.noTarget', { kind: 'append' });
const refusedOutcome = (client: ClientOutcome['client']): ClientOutcome => ({
  python: '/venv/bin/python',
  client,
  outcome: 'refused',
  detail: 'x',
  actions: [],
  reasons: [refusal],
});

describe('what fix prints of its plan', () => {
  it("nothing when the plan changes nothing and every refusal is a client's reason", () => {
    const plan: Plan = { actions: [], refused: [{ what: 'append /b.pem', reason: refusal }] };
    expect(planToPrint(plan, [refusedOutcome('urllib')])).toBeNull();
  });
  it('a refusal no client gives as its reason stays in the plan', () => {
    const other = msg('repair:refused.noTarget', { kind: 'refresh' });
    const plan: Plan = {
      actions: [],
      refused: [
        { what: 'append /b.pem', reason: refusal },
        { what: 'refresh /c.pem', reason: other },
      ],
    };
    expect(planToPrint(plan, [refusedOutcome('urllib')])?.refused).toEqual([{ what: 'refresh /c.pem', reason: other }]);
  });
  it('clients told the same thing share one block; the refusal is said once', () => {
    const out = outcomeLines([
      refusedOutcome('urllib'),
      refusedOutcome('pip'),
      { python: '/venv/bin/python', client: 'requests', outcome: 'fixed', detail: '', actions: ['a1'] },
    ]);
    expect(out[0]).toMatch(/^urllib, pip: /);
    expect(out.filter((l) => l.includes('append'))).toHaveLength(1);
    expect(out.some((l) => l.startsWith('requests: fixed'))).toBe(true);
  });
});
