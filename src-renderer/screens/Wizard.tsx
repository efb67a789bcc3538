// "Fix my Python SSL": 1) paste the URL or the error, choose interpreters (a traceback's frames name
// the one that raised it: only it is chosen); 2) diagnosis per interpreter and client; 3) the plan
// (certificates from the server only after their SHA-256 is confirmed; narrowest first: that
// interpreter's own files are ticked, shared files are optional steps, unticked); 4) apply the ticked
// steps with live progress, re-check with each Python, before/after, each client's outcome (fixed and
// kept, still failing and put back, waiting for a confirmation), Undo. When nothing on the machine or
// from the server completes the chain, the plan step takes the root file the user has from IT
// (RootFile.tsx). After each step, focus moves to that step's heading and it scrolls into view; the
// apply heading says what happened once it is over.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, CheckResult, HistoryEntry, Message, Plan, PythonRow } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, useBusy } from '../components/common.tsx';
import { ConfirmFingerprints, PlanSteps, useRepairLog } from '../components/PlanView.tsx';
import { firstChoice } from '../wizard/preselect.ts';
import { Diagnosis } from '../wizard/Diagnosis.tsx';
import { ApplyStep } from '../wizard/ApplyStep.tsx';
import { DescribeStep } from '../wizard/DescribeStep.tsx';
import { interpreterOfTraceback, parseFailure } from '../wizard/parseError.ts';
import { InsecureWarning } from '../wizard/InsecureWarning.tsx';
import { RootFileOffer } from '../wizard/RootFile.tsx';
import { TrustClients, TrustRootOffer } from '../wizard/TrustRoot.tsx';

const STEPS = ['describe', 'diagnose', 'plan', 'apply'] as const;
type Step = (typeof STEPS)[number];

/** The set with the id added (on) or taken out. */
function toggled(set: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

export function WizardScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const { busy, problem, setProblem, run } = useBusy();
  const [step, setStep] = useState<Step>('describe');
  const [text, setText] = useState('');
  const parsed = useMemo(() => parseFailure(text), [text]);
  const [pythons, setPythons] = useState<PythonRow[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [before, setBefore] = useState<CheckResult | null>(null);
  const [after, setAfter] = useState<CheckResult | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  // The plan's steps the user ticked: the narrow ones as the plan comes, optional ones on request.
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  // The interpreter the pasted traceback came from: the plan is for it alone (safety rule 7, docs/safety-rules.md).
  const focus = useMemo(
    () => (pythons ? interpreterOfTraceback(parsed.files, pythons) : undefined),
    [parsed.files, pythons],
  );
  useEffect(() => {
    if (focus) setChosen(new Set([focus]));
    else if (pythons) setChosen(firstChoice(pythons));
  }, [focus, pythons]);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [undone, setUndone] = useState(false);
  const [putBack, setPutBack] = useState<{ entry: HistoryEntry; problems: Message[] } | null>(null);
  const [checking, setChecking] = useState(false);
  const log = useRepairLog(plan?.planId);
  // The root file the user added (its upload id): later plans of this check keep it.
  const [uploadId, setUploadId] = useState<string | undefined>();
  const diagHeading = useRef<HTMLHeadingElement>(null);
  const planHeading = useRef<HTMLHeadingElement>(null);
  const applyHeading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const started = useRef(false);
  // The button pressed disappears with its step: focus goes to the new step's heading (or back to
  // the text box), which scrolls into view, instead of dropping to the page. A new check, plan,
  // apply result or undo counts as a new step.
  const focusKey =
    step === 'describe'
      ? 'describe'
      : step === 'diagnose'
        ? `diagnose ${before?.checkId ?? ''}`
        : step === 'plan'
          ? `plan ${plan?.planId ?? ''}`
          : `apply ${plan?.planId ?? ''} ${applied ? (undone ? (checking ? 'undoing' : 'undone') : 'done') : 'running'}`;
  useEffect(() => {
    if (step === 'describe' && !started.current) return;
    started.current = true;
    const target =
      step === 'describe'
        ? input.current
        : step === 'diagnose'
          ? diagHeading.current
          : step === 'plan'
            ? planHeading.current
            : applyHeading.current;
    target?.focus({ preventScroll: true });
    target?.scrollIntoView?.({ block: 'start' });
    // focusKey names every change that moves focus (step, check, plan, result, undo).
  }, [focusKey]);

  useEffect(() => {
    void bridge.invoke('pythons.list', {}).then((r) => {
      if (r.ok) {
        setPythons(r.value);
        setChosen(firstChoice(r.value));
      } else setProblem(r.error);
    });
  }, [bridge, setProblem]);

  const check = async (): Promise<CheckResult | undefined> => {
    setChecking(true);
    const c = await run(() =>
      bridge.invoke('check.run', { host: parsed.host ?? '', port: parsed.port, pythonIds: [...chosen] }),
    );
    setChecking(false);
    return c;
  };
  const diagnose = async (): Promise<void> => {
    setAfter(null);
    setApplied(null);
    setPlan(null);
    setUndone(false);
    setUploadId(undefined);
    const c = await check();
    if (c) {
      setBefore(c);
      setStep('diagnose');
    }
  };
  const makePlan = async (confirmed: string[] = [], upload: string | undefined = uploadId): Promise<void> => {
    if (!before) return;
    const p = await run(() =>
      bridge.invoke('plan.make', {
        checkId: before.checkId,
        confirmed,
        ...(upload ? { uploadId: upload } : {}),
        ...(focus && chosen.has(focus) ? { focus } : {}),
      }),
    );
    if (p) {
      setUploadId(upload);
      setPlan(p);
      setTicked(new Set(p.steps.filter((s) => s.selected).map((s) => s.id)));
      setStep('plan');
    }
  };
  // An intercepting proxy: every tool, not only Python, gets the proxy's root (plan.trustRoot).
  const makeTrustPlan = async (fingerprint: string): Promise<void> => {
    if (!before) return;
    const p = await run(() => bridge.invoke('plan.trustRoot', { checkId: before.checkId, fingerprint }));
    if (p) {
      setPlan(p);
      setTicked(new Set(p.steps.filter((s) => s.selected).map((s) => s.id)));
      setStep('plan');
    }
  };
  const apply = async (): Promise<void> => {
    if (!plan) return;
    setStep('apply');
    const a = await run(() =>
      bridge.invoke('plan.apply', {
        planId: plan.planId,
        steps: plan.steps.filter((x) => ticked.has(x.id)).map((x) => x.id),
      }),
    );
    if (a) {
      setApplied(a);
      if (a.recheck) setAfter(a.recheck);
    }
  };
  const undo = async (): Promise<void> => {
    if (!applied?.historyId) return;
    const u = await run(() => bridge.invoke('history.undo', { id: applied.historyId as string }));
    if (!u) return;
    setPutBack(u);
    setUndone(true);
    const c = await check();
    if (c) setAfter(c);
  };

  const stepIndex = STEPS.indexOf(step);
  const failing = before?.rows.filter((r) => !r.ok).length ?? 0;
  const unconfirmed = plan?.confirm.some((c) => !c.confirmed) ?? false;
  // Nothing planned and a root is what is missing: the root file IT gave the user completes it.
  const nothingPlanned = plan !== null && plan.steps.length === 0 && !unconfirmed;
  const rootMissing =
    before?.rows.some((r) => !r.ok && (r.causeCode === 'untrusted-root' || r.causeCode === 'incomplete-chain')) ??
    false;
  const offerRootFile = step === 'plan' && nothingPlanned && rootMissing && !plan?.trust;
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
          <li
            key={s}
            className={i === stepIndex ? 'current' : i < stepIndex ? 'done' : undefined}
            aria-current={i === stepIndex ? 'step' : undefined}
          >
            <span className="step-number" aria-hidden="true">
              {i + 1}
            </span>{' '}
            {t(`wizard.step.${s}`)}
          </li>
        ))}
      </ol>
      <Problem message={problem} />

      {step === 'describe' && (
        <DescribeStep
          inputRef={input}
          text={text}
          onText={setText}
          parsed={parsed}
          focus={focus}
          pythons={pythons}
          probing={pythons === null && !problem}
          chosen={chosen}
          onChoose={(id, on) => setChosen((set) => toggled(set, id, on))}
          checking={checking}
          canDiagnose={Boolean(parsed.host) && chosen.size > 0 && !busy}
          onDiagnose={() => void diagnose()}
        />
      )}

      {step !== 'describe' && before && (
        <section className="card" aria-labelledby="wizard-diagnosis-title">
          <h2 id="wizard-diagnosis-title" ref={diagHeading} tabIndex={-1}>
            {t('wizard.diagnosisTitle', { host: before.host, port: before.port })}
          </h2>
          {step === 'plan' ? (
            <details className="folded">
              <summary>{t('wizard.diagSummary', { failing, total: before.rows.length })}</summary>
              <Diagnosis check={before} after={after} />
            </details>
          ) : (
            // While the re-check after Undo runs, the column would still show the apply's re-check.
            <Diagnosis check={before} after={undone && checking ? null : after} undone={undone} />
          )}
          {step === 'diagnose' && (
            <>
              {failing === 0 && (
                <p className="notice notice-ok" role="status">
                  {t('wizard.allWork')}
                </p>
              )}
              <TrustRootOffer check={before} busy={busy} onPlan={(fp) => void makeTrustPlan(fp)} />
              <div className="actions">
                <button type="button" className="button" onClick={() => setStep('describe')}>
                  {t('wizard.back')}
                </button>
                <button
                  type="button"
                  className="button primary"
                  disabled={busy || failing === 0}
                  onClick={() => void makePlan()}
                >
                  {t('wizard.makePlan')}
                </button>
              </div>
            </>
          )}
        </section>
      )}

      {(step === 'plan' || step === 'apply') && plan && (
        <section className="card" aria-labelledby="wizard-plan-title">
          <h2 id="wizard-plan-title" ref={planHeading} tabIndex={-1}>
            {t('wizard.planTitle')}
          </h2>
          {plan.confirm.length > 0 && !unconfirmed && (
            <p className="notice notice-ok" data-testid="confirmed">
              {t('confirm.done', { names: plan.confirm.map((c) => c.name).join(', ') })}
            </p>
          )}
          {plan.trust && <TrustClients view={plan.trust} />}
          {unconfirmed && step === 'plan' && (
            <ConfirmFingerprints
              key={plan.planId}
              certs={plan.confirm}
              busy={busy}
              onConfirm={(fps) => void makePlan(fps)}
            />
          )}
          {offerRootFile && (
            <RootFileOffer key={plan.planId} busy={busy} onPlan={(id, fps) => void makePlan(fps, id)} />
          )}
          <PlanSteps
            plan={plan}
            {...(offerRootFile ? { emptyText: t('rootFile.nothingYet') } : {})}
            ticked={ticked}
            disabled={step !== 'plan' || busy}
            onTick={(id, on) => setTicked((set) => toggled(set, id, on))}
          />
          {step === 'plan' && (
            <div className="actions">
              <button type="button" className="button" onClick={() => setStep('diagnose')}>
                {t('wizard.back')}
              </button>
              <button
                type="button"
                className="button primary"
                disabled={busy || ticked.size === 0}
                onClick={() => void apply()}
              >
                {t('wizard.apply')}
              </button>
            </div>
          )}
        </section>
      )}

      {step === 'apply' && (
        <ApplyStep
          headingRef={applyHeading}
          log={log}
          applied={applied}
          undone={undone}
          putBack={putBack}
          before={before}
          after={after}
          busy={busy}
          checking={checking}
          onUndo={() => void undo()}
          onCheckAgain={() => void diagnose()}
          onStartOver={() => setStep('describe')}
        />
      )}
      {step === 'describe' && <InsecureWarning />}
    </section>
  );
}
