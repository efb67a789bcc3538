// "Fix my Python SSL": 1) paste the URL or the error, choose interpreters; 2) diagnosis per
// interpreter and client; 3) the plan; 4) apply with live progress, re-check, before/after, Undo.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, CheckResult, Message, Plan, PythonRow, RepairOutputEvent, SettingsView } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say } from '../components/common.tsx';
import { parseFailure } from '../wizard/parseError.ts';
import { Diagnosis } from '../wizard/Diagnosis.tsx';
import { Snippets } from '../wizard/Snippets.tsx';

const STEPS = ['describe', 'diagnose', 'plan', 'apply'] as const;
type Step = (typeof STEPS)[number];

export function WizardScreen({ view: _view }: { view: SettingsView | null }): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('describe');
  const [text, setText] = useState('');
  const parsed = useMemo(() => parseFailure(text), [text]);
  const [pythons, setPythons] = useState<PythonRow[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<Message | undefined>();
  const [before, setBefore] = useState<CheckResult | null>(null);
  const [after, setAfter] = useState<CheckResult | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [log, setLog] = useState<RepairOutputEvent[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void bridge.invoke('pythons.list', {}).then((r) => {
      if (r.ok) {
        setPythons(r.value);
        setChosen(new Set(r.value.filter((p) => !p.error).map((p) => p.id)));
      } else setProblem(r.error);
    });
    return bridge.on('repair.output', (e) => setLog((l) => [...l, e]));
  }, [bridge]);

  const run = async <T,>(work: () => Promise<{ ok: true; value: T } | { ok: false; error: Message }>, then: (v: T) => void): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    const r = await work();
    setBusy(false);
    if (r.ok) then(r.value);
    else setProblem(r.error);
  };
  const check = (then: (c: CheckResult) => void): Promise<void> =>
    run(() => bridge.invoke('check.run', { host: parsed.host ?? '', port: parsed.port, pythonIds: [...chosen] }), then);

  const diagnose = (): Promise<void> => check((c) => (setBefore(c), setAfter(null), setApplied(null), setStep('diagnose')));
  const makePlan = (): Promise<void> => (before ? run(() => bridge.invoke('plan.make', { checkId: before.checkId }), (p) => (setPlan(p), setStep('plan'))) : Promise.resolve());
  const apply = (): Promise<void> =>
    plan
      ? run(
          () => (setLog([]), setStep('apply'), bridge.invoke('plan.apply', { planId: plan.planId })),
          (a) => (setApplied(a), void check(setAfter)),
        )
      : Promise.resolve();
  const undo = (): Promise<void> => (applied?.historyId ? run(() => bridge.invoke('history.undo', { id: applied.historyId as string }), () => (setApplied({ ...applied, historyId: undefined } as ApplyResult), void check(setAfter))) : Promise.resolve());

  const stepIndex = STEPS.indexOf(step);
  return (
    <section className="screen" aria-labelledby="wizard-title">
      <header className="screen-head">
        <div>
          <h1 id="wizard-title">{t('wizard.title')}</h1>
          <p className="muted">{t('wizard.intro')}</p>
        </div>
      </header>
      <ol className="stepper" aria-label={t('wizard.stepsLabel')}>
        {STEPS.map((s, i) => (
          <li key={s} className={i === stepIndex ? 'current' : i < stepIndex ? 'done' : undefined} aria-current={i === stepIndex ? 'step' : undefined}>
            <span className="step-number" aria-hidden="true">{i + 1}</span> {t(`wizard.step.${s}`)}
          </li>
        ))}
      </ol>
      <Problem message={problem} />

      {step === 'describe' && (
        <div className="card">
          <label className="field" htmlFor="wizard-input">
            {t('wizard.inputLabel')}
          </label>
          <textarea id="wizard-input" rows={7} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('wizard.inputPlaceholder')} spellCheck={false} />
          <div className="parsed" aria-live="polite" data-testid="parsed">
            {parsed.host ? (
              <p>
                {t('wizard.parsed.host', { host: parsed.host, port: parsed.port })}
                {parsed.reason && <> · {t(`wizard.reason.${parsed.reason}`)}</>}
              </p>
            ) : (
              <p className="muted">{text ? t('wizard.parsed.noHost') : t('wizard.parsed.hint')}</p>
            )}
          </div>
          <fieldset className="pythons-choice">
            <legend>{t('wizard.choosePythons')}</legend>
            {pythons === null && <p className="muted">{problem ? t('wizard.noPythons') : t('common.loading')}</p>}
            {pythons?.map((p) => (
              <label key={p.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(p.id)}
                  disabled={Boolean(p.error)}
                  onChange={(e) => setChosen((s) => {
                    const next = new Set(s);
                    if (e.target.checked) next.add(p.id);
                    else next.delete(p.id);
                    return next;
                  })}
                />
                {p.label} <span className="muted">{p.executable}</span>
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="button" className="button primary" disabled={!parsed.host || chosen.size === 0 || busy} onClick={() => void diagnose()}>
              {t('wizard.diagnose')}
            </button>
          </div>
        </div>
      )}

      {step !== 'describe' && before && (
        <div className="card">
          <h2>{t('wizard.diagnosisTitle', { host: before.host, port: before.port })}</h2>
          <Diagnosis rows={before.rows} after={after?.rows} />
          {step === 'diagnose' && (
            <div className="actions">
              <button type="button" className="button" onClick={() => setStep('describe')}>{t('wizard.back')}</button>
              <button type="button" className="button primary" disabled={busy || before.rows.every((r) => r.ok)} onClick={() => void makePlan()}>{t('wizard.makePlan')}</button>
            </div>
          )}
        </div>
      )}

      {(step === 'plan' || step === 'apply') && plan && (
        <div className="card">
          <h2>{t('wizard.planTitle')}</h2>
          {plan.steps.length === 0 ? <p>{t('wizard.planEmpty')}</p> : (
            <table className="plain">
              <thead><tr><th>{t('wizard.plan.what')}</th><th>{t('wizard.plan.where')}</th><th>{t('wizard.plan.why')}</th><th>{t('wizard.plan.admin')}</th></tr></thead>
              <tbody>
                {plan.steps.map((s, i) => (
                  <tr key={i}><td>{t(`repairKind.${s.kind}`)}</td><td className="path">{s.where}</td><td><Say message={s.why} /></td><td>{s.needsAdmin ? t('wizard.plan.yes') : t('wizard.plan.no')}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {plan.needsAdmin && <p className="notice notice-info">{t('wizard.plan.adminOnce')}</p>}
          {step === 'plan' && (
            <div className="actions">
              <button type="button" className="button" onClick={() => setStep('diagnose')}>{t('wizard.back')}</button>
              <button type="button" className="button primary" disabled={busy || plan.steps.length === 0} onClick={() => void apply()}>{t('wizard.apply')}</button>
            </div>
          )}
        </div>
      )}

      {step === 'apply' && (
        <div className="card">
          <h2>{t('wizard.applyTitle')}</h2>
          <ol className="log" aria-live="polite">
            {log.map((e, i) => (<li key={i} className={`log-${e.state}`}><Say message={e.message} /></li>))}
          </ol>
          {applied && (
            <p className={applied.ok ? 'notice notice-ok' : 'notice notice-error'} role="status">
              {applied.ok ? t('wizard.applied') : t('wizard.applyFailed')}
            </p>
          )}
          {applied?.historyId && (
            <div className="actions">
              <button type="button" className="button" disabled={busy} onClick={() => void undo()}>{t('wizard.undo')}</button>
            </div>
          )}
          {before?.goodBundle && <Snippets bundle={before.goodBundle} />}
        </div>
      )}
      {step === 'describe' && (
        <div className="notice notice-warning" role="note">
          <strong>{t('wizard.insecure.title')}</strong> {t('wizard.insecure.body')}
        </div>
      )}
    </section>
  );
}
