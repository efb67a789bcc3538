// A bundle's actions in its panel: refresh it, or add the CA certificates of a PEM file the user
// picks. The file's bytes go to the app (which keeps them in its data folder); requests name the
// upload by id, never by path. Each action is planned, shown, then applied with Undo at hand.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, Plan, UploadResult } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say, useBusy } from '../components/common.tsx';
import { ApplyLog, groupedFingerprint, PlanSteps, useRepairLog } from '../components/PlanView.tsx';
import { shown } from '../../assets/locales/shown.ts';

const MAX_PEM = 48 * 1024;

export function BundleActions({
  id,
  path,
  canRefresh,
  canAppend,
  onChanged,
  children,
}: {
  id: string;
  path: string;
  canRefresh: boolean;
  canAppend: boolean;
  onChanged: () => void;
  children?: React.ReactNode;
}): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const { busy, problem, setProblem, run } = useBusy();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [upload, setUpload] = useState<UploadResult | null>(null);
  const [result, setResult] = useState<ApplyResult | null>(null);
  /** After Undo: the file it put back, said in a status message that takes focus. */
  const [undone, setUndone] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const applyButton = useRef<HTMLButtonElement>(null);
  const undoneNote = useRef<HTMLParagraphElement>(null);
  const log = useRepairLog(plan?.planId);
  // The plan appears below the panel's facts: bring its Apply into the window (the page scrolls).
  useEffect(() => {
    if (plan) applyButton.current?.scrollIntoView({ block: 'nearest' });
  }, [plan]);
  useEffect(() => {
    if (undone) undoneNote.current?.focus();
  }, [undone]);

  const reset = (): void => {
    setPlan(null);
    setUpload(null);
    setResult(null);
    setUndone(null);
  };
  const refresh = async (): Promise<void> => {
    reset();
    const p = await run(() => bridge.invoke('bundle.planRefresh', { id }));
    if (p) setPlan(p);
  };
  const picked = async (f: File | undefined): Promise<void> => {
    if (!f) return;
    reset();
    if (f.size > MAX_PEM)
      return setProblem({ code: 'app:details.fileTooLarge', params: { name: f.name, max: MAX_PEM / 1024 } });
    const text = await f.text();
    const u = await run(() => bridge.invoke('upload.pem', { name: f.name.replace(/[\\/]/g, '_'), text }));
    if (!u) return;
    setUpload(u);
    const p = await run(() => bridge.invoke('bundle.planAppend', { id, uploadId: u.uploadId }));
    if (p) setPlan(p);
    if (file.current) file.current.value = '';
  };
  const apply = async (): Promise<void> => {
    if (!plan) return;
    const r = await run(() => bridge.invoke('plan.apply', { planId: plan.planId }));
    if (r) {
      setResult(r);
      onChanged();
    }
  };
  const undo = async (): Promise<void> => {
    if (!result?.historyId) return;
    const u = await run(() => bridge.invoke('history.undo', { id: result.historyId as string }));
    if (u) {
      reset();
      if (u.undone) setUndone(path);
      else setProblem(u.problems[0] ?? { code: 'app:details.undoFailed', params: { path } });
      onChanged();
    }
  };

  return (
    <>
      <div className="actions" role="group" aria-label={t('details.actions')}>
        {canRefresh && (
          <button type="button" className="button primary" disabled={busy} onClick={() => void refresh()}>
            {t('details.refresh')}
          </button>
        )}
        {canAppend && (
          <>
            <input
              ref={file}
              id={`pem-${id}`}
              className="visually-hidden"
              type="file"
              accept=".pem,.crt,.cer,application/x-pem-file"
              onChange={(e) => void picked(e.target.files?.[0])}
            />
            <label htmlFor={`pem-${id}`} className="button" aria-disabled={busy}>
              {t('details.append')}
            </label>
          </>
        )}
        {children}
      </div>
      <Problem message={problem} />
      {undone && (
        <p className="notice notice-ok" role="status" data-testid="undone" tabIndex={-1} ref={undoneNote}>
          {t('details.undone', { path: shown(undone) })}
        </p>
      )}
      {upload && (
        <div className="card-inner" data-testid="upload">
          <h3>{t('details.uploaded', { count: upload.certificates.length })}</h3>
          <ul className="cert-list">
            {upload.certificates.map((c) => (
              <li key={c.fingerprint}>
                <span>
                  <span className="cert-name">{shown(c.name)}</span>
                  {!c.isCA && <span className="danger"> · {t('details.notCa')}</span>}
                </span>
                <code className="fingerprint small">{groupedFingerprint(c.fingerprint)}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan && (
        <div className="card-inner">
          <h3>{t('wizard.planTitle')}</h3>
          <PlanSteps plan={plan} />
          {!result && (
            <div className="actions">
              <button type="button" className="button" onClick={reset}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                ref={applyButton}
                className="button primary"
                data-testid="bundle-apply"
                disabled={busy || plan.steps.length === 0}
                onClick={() => void apply()}
              >
                {t('wizard.apply')}
              </button>
            </div>
          )}
          <ApplyLog log={log} rolledBack={result?.ok === false && !result.historyId} />
          {result && (
            <div className={result.ok ? 'notice notice-ok' : 'notice notice-error'} role="status">
              {result.ok ? t('wizard.applied') : t('wizard.applyFailed')}
              {result.problems.map((p, i) => (
                <div key={i}>
                  <Say message={p} />
                </div>
              ))}
            </div>
          )}
          {result?.historyId && (
            <div className="actions">
              <button type="button" className="button" disabled={busy} onClick={() => void undo()}>
                {t('wizard.undo')}
              </button>
            </div>
          )}
        </div>
      )}
    </>
  );
}
