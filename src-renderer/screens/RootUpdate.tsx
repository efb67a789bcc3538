// One-click root update: plan the full refresh (every stale bundle refreshed keeping the roots added
// on purpose, or every client pointed at TrustFix's merged bundle; the OS store where the platform
// can refresh it), show the plan, ask for admin rights once if any step needs them, apply, report.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, Plan } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say, useBusy } from '../components/common.tsx';
import { ApplyLog, PlanSteps, useRepairLog } from '../components/PlanView.tsx';

type Mode = 'refresh' | 'merged';

export function RootUpdateScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const { busy, problem, run } = useBusy();
  const [mode, setMode] = useState<Mode>('refresh');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const [undone, setUndone] = useState(false);
  const log = useRepairLog(plan?.planId);

  const makePlan = async (): Promise<void> => {
    setResult(null);
    setUndone(false);
    const p = await run(() => bridge.invoke('plan.rootUpdate', { mode }));
    if (p) setPlan(p);
  };
  const apply = async (): Promise<void> => {
    if (!plan) return;
    const r = await run(() => bridge.invoke('plan.apply', { planId: plan.planId }));
    if (r) setResult(r);
  };
  const undo = async (): Promise<void> => {
    if (!result?.historyId) return;
    const u = await run(() => bridge.invoke('history.undo', { id: result.historyId as string }));
    if (u) {
      setUndone(true);
      setResult({ ...result, problems: u.problems });
    }
  };

  return (
    <section className="screen" aria-labelledby="update-title">
      <header className="screen-head">
        <div>
          <h1 id="update-title">{t('update.title')}</h1>
          <p className="muted">{t('update.intro')}</p>
        </div>
      </header>
      <div className="card">
        <fieldset className="choice">
          <legend>{t('update.how')}</legend>
          {(['refresh', 'merged'] as const).map((m) => (
            <label key={m} className="check">
              <input type="radio" name="update-mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              <span>
                <strong>{t(`update.mode.${m}`)}</strong>
                <span className="muted block">{t(`update.mode.${m}Help`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => void makePlan()}>
            {t('update.plan')}
          </button>
        </div>
      </div>
      <Problem message={problem} />
      {plan && (
        <div className="card">
          <h2>{t('wizard.planTitle')}</h2>
          <PlanSteps plan={plan} />
          {!result && (
            <div className="actions">
              <button
                type="button"
                className="button primary"
                disabled={busy || plan.steps.length === 0}
                onClick={() => void apply()}
              >
                {plan.needsAdmin ? t('update.applyAdmin') : t('update.apply')}
              </button>
            </div>
          )}
          <ApplyLog log={log} rolledBack={result?.ok === false && !result.historyId} />
          {result && (
            <div
              className={result.ok ? 'notice notice-ok' : 'notice notice-error'}
              role="status"
              data-testid="apply-result"
            >
              {undone
                ? t('wizard.undone')
                : result.ok
                  ? t('update.done', { count: plan.steps.length })
                  : t('wizard.applyFailed')}
              {result.problems.map((p, i) => (
                <div key={i}>
                  <Say message={p} />
                </div>
              ))}
            </div>
          )}
          {result?.historyId && !undone && (
            <div className="actions">
              <button type="button" className="button" disabled={busy} onClick={() => void undo()}>
                {t('wizard.undo')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
