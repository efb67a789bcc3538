// One-click root update: plan the full refresh, show it, ask for admin rights once if a step needs
// them, apply, report.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, Message, Plan, RepairOutputEvent } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say } from '../components/common.tsx';

export function RootUpdateScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const [problem, setProblem] = useState<Message | undefined>();
  const [log, setLog] = useState<RepairOutputEvent[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => bridge.on('repair.output', (e) => setLog((l) => [...l, e])), [bridge]);

  const makePlan = async (): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    setResult(null);
    const r = await bridge.invoke('plan.rootUpdate', {});
    setBusy(false);
    if (r.ok) setPlan(r.value);
    else setProblem(r.error);
  };
  const apply = async (): Promise<void> => {
    if (!plan) return;
    setBusy(true);
    setLog([]);
    const r = await bridge.invoke('plan.apply', { planId: plan.planId });
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setProblem(r.error);
  };

  return (
    <section className="screen" aria-labelledby="update-title">
      <header className="screen-head">
        <div>
          <h1 id="update-title">{t('update.title')}</h1>
          <p className="muted">{t('update.intro')}</p>
        </div>
        <button type="button" className="button primary" disabled={busy} onClick={() => void makePlan()}>
          {t('update.plan')}
        </button>
      </header>
      <Problem message={problem} />
      {plan && (
        <div className="card">
          <h2>{t('wizard.planTitle')}</h2>
          <ul className="plan-list">
            {plan.steps.map((s, i) => (
              <li key={i}>
                <strong>{t(`repairKind.${s.kind}`)}</strong> <span className="path">{s.where}</span> — <Say message={s.why} />
                {s.needsAdmin && <span className="badge badge-stale">{t('update.admin')}</span>}
              </li>
            ))}
          </ul>
          {plan.needsAdmin && <p className="notice notice-info">{t('wizard.plan.adminOnce')}</p>}
          <button type="button" className="button primary" disabled={busy || plan.steps.length === 0} onClick={() => void apply()}>
            {t('update.apply')}
          </button>
        </div>
      )}
      {log.length > 0 && (
        <ol className="log" aria-live="polite">
          {log.map((e, i) => <li key={i} className={`log-${e.state}`}><Say message={e.message} /></li>)}
        </ol>
      )}
      {result && <p className={result.ok ? 'notice notice-ok' : 'notice notice-error'} role="status">{result.ok ? t('wizard.applied') : t('wizard.applyFailed')}</p>}
    </section>
  );
}
