// What every screen that changes something shares: the plan (each change, where, why, admin rights,
// how it is undone), the explicit fingerprint confirmation for certificates taken from a server,
// and the live log of an apply ('repair.output' events).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfirmCert, Plan, PlanStep, RepairOutputEvent } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { useSay } from '../i18n.ts';
import { formatDate, Say } from './common.tsx';
import { shown } from '../../assets/locales/shown.ts';

/** "AB:CD:EF…" in groups, so a person can read it out over the phone. */
export function groupedFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{2}/g) ?? []).join(':');
}

function StepBody({ s }: { s: PlanStep }): React.JSX.Element {
  const { t } = useTranslation();
  const say = useSay();
  return (
    <>
      <div className="plan-step-head">
        <strong>{t(`repairKind.${s.kind}`)}</strong>
        {s.needsAdmin ? (
          <span className="badge badge-stale">{t('plan.admin')}</span>
        ) : (
          <span className="badge badge-muted">{t('plan.noAdmin')}</span>
        )}
      </div>
      <p>
        <Say message={s.what} />
      </p>
      <dl className="facts">
        {!say(s.what).includes(shown(s.where)) && (
          <>
            <dt>{t('plan.where')}</dt>
            <dd className="path">{shown(s.where)}</dd>
          </>
        )}
        <dt>{t('plan.why')}</dt>
        <dd>
          <Say message={s.why} />
        </dd>
        {s.adminWhy && (
          <>
            <dt>{t('plan.adminWhy')}</dt>
            <dd>
              <Say message={s.adminWhy} />
            </dd>
          </>
        )}
        {s.readers.length > 0 && (
          <>
            <dt>{t('plan.readers')}</dt>
            <dd>
              <ul className="readers">
                {s.readers.map((r, i) => (
                  <li key={i}>
                    <Say message={r} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {s.owner && (
          <>
            <dt>{t('plan.owner')}</dt>
            <dd>
              <Say message={s.owner} />
            </dd>
          </>
        )}
        <dt>{t('plan.undo')}</dt>
        <dd>
          <Say message={s.undo} />
        </dd>
      </dl>
      {s.notes.length > 0 && (
        <ul className="notes">
          {s.notes.map((n, i) => (
            <li key={i}>
              <Say message={n} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * The plan's steps. Safety rule 7 (docs/safety-rules.md): optional steps (files other programs share) come after the narrow
 * ones, each with its own checkbox, unticked; `ticked` and `onTick` make them choosable (a screen
 * that passes neither shows them without a choice). `emptyText`: what an empty plan says where
 * "nothing needs to change" would mislead (the wizard, while the root file is missing).
 */
export function PlanSteps({
  plan,
  ticked,
  onTick,
  disabled = false,
  emptyText,
}: {
  plan: Plan;
  ticked?: ReadonlySet<string>;
  onTick?: (id: string, on: boolean) => void;
  disabled?: boolean;
  emptyText?: string;
}): React.JSX.Element {
  const { t } = useTranslation();
  const main = plan.steps.filter((s) => !s.optional);
  const optional = plan.steps.filter((s) => s.optional);
  const isTicked = (s: PlanStep): boolean => (ticked ? ticked.has(s.id) : s.selected);
  const adminCount = plan.steps.filter((s) => s.needsAdmin && isTicked(s)).length;
  return (
    <div className="plan" data-testid="plan">
      {main.length === 0 && optional.length === 0 && plan.confirm.every((c) => c.confirmed) && (
        <p className="empty">{emptyText ?? t('plan.empty')}</p>
      )}
      {main.length > 0 && (
        <ol className="plan-steps">
          {main.map((s) => (
            <li key={s.id} className="plan-step" data-step={s.id}>
              <StepBody s={s} />
            </li>
          ))}
        </ol>
      )}
      {optional.length > 0 && (
        <section className="plan-optional" aria-labelledby={`optional-${plan.planId}`} data-testid="plan-optional">
          <h3 id={`optional-${plan.planId}`}>{t('plan.optionalTitle')}</h3>
          <p className="muted">{t('plan.optionalIntro')}</p>
          <ul className="plan-steps optional-steps">
            {optional.map((s) => (
              <li key={s.id} className="plan-step-optional" data-step={s.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={isTicked(s)}
                    disabled={disabled || !onTick}
                    aria-describedby={`step-${plan.planId}-${s.id}`}
                    onChange={(e) => onTick?.(s.id, e.target.checked)}
                  />
                  {t('plan.optionalTick', { id: s.id })}
                </label>
                <div id={`step-${plan.planId}-${s.id}`}>
                  <StepBody s={s} />
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {adminCount > 0 && <p className="notice notice-info">{t('plan.adminOnce', { count: adminCount })}</p>}
      {plan.refused.length > 0 && (
        <div className="notice notice-warning" role="note">
          <strong>{t('plan.refused')}</strong>
          <ul>
            {plan.refused.map((r, i) => (
              <li key={i}>
                <span className="path">{shown(r.what)}</span>: <Say message={r.reason} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.notes.length > 0 && (
        <ul className="notes">
          {plan.notes.map((n, i) => (
            <li key={i}>
              <Say message={n} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The explicit step before trusting a certificate a server sent: its SHA-256, and a checkbox. */
export function ConfirmFingerprints({
  certs,
  busy,
  onConfirm,
}: {
  certs: ConfirmCert[];
  busy: boolean;
  onConfirm: (fingerprints: string[]) => void;
}): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const [ticked, setTicked] = useState<Set<string>>(
    () => new Set(certs.filter((c) => c.confirmed).map((c) => c.fingerprint)),
  );
  return (
    <section className="confirm card-inner" aria-labelledby="confirm-title" data-testid="confirm">
      <h3 id="confirm-title">{t('confirm.title')}</h3>
      <p>{t('confirm.intro')}</p>
      {certs.map((c) => (
        <div key={c.fingerprint} className="confirm-cert">
          <dl className="facts">
            <dt>{t('confirm.name')}</dt>
            <dd className="cert-name">{shown(c.name)}</dd>
            <dt>{t('confirm.from')}</dt>
            <dd>{t(`confirm.source.${c.from}`, { defaultValue: shown(c.from) })}</dd>
            <dt>{t('confirm.valid')}</dt>
            <dd>
              {t('confirm.validRange', {
                from: formatDate(c.notBefore, i18n.language),
                to: formatDate(c.notAfter, i18n.language),
              })}
            </dd>
            <dt>SHA-256</dt>
            <dd>
              <code className="fingerprint" data-testid="fingerprint">
                {groupedFingerprint(c.fingerprint)}
              </code>
            </dd>
          </dl>
          <label className="check">
            <input
              type="checkbox"
              checked={ticked.has(c.fingerprint)}
              disabled={c.confirmed}
              onChange={(e) =>
                setTicked((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.add(c.fingerprint);
                  else next.delete(c.fingerprint);
                  return next;
                })
              }
            />
            {t('confirm.checked', { name: c.name })}
          </label>
        </div>
      ))}
      {certs.some((c) => !c.confirmed) && (
        <div className="actions">
          <button
            type="button"
            className="button primary"
            disabled={busy || ticked.size === 0}
            onClick={() => onConfirm([...ticked])}
          >
            {t('confirm.button')}
          </button>
        </div>
      )}
    </section>
  );
}

/** The 'repair.output' events of one plan, as they arrive. */
export function useRepairLog(planId: string | undefined): RepairOutputEvent[] {
  const bridge = useBridge();
  const [log, setLog] = useState<RepairOutputEvent[]>([]);
  useEffect(() => {
    setLog([]);
    if (!planId) return;
    return bridge.on('repair.output', (e) => {
      if (e.planId === planId) setLog((l) => [...l, e]);
    });
  }, [bridge, planId]);
  return log;
}

/** One line per step (its latest state, where it started), output lines where they came. */
function compact(log: RepairOutputEvent[]): RepairOutputEvent[] {
  const out: RepairOutputEvent[] = [];
  const at = new Map<number, number>();
  for (const e of log) {
    const i = e.step >= 0 ? at.get(e.step) : undefined;
    if (i === undefined) {
      if (e.step >= 0) at.set(e.step, out.length);
      out.push(e);
    } else out[i] = e;
  }
  return out;
}

/** `rolledBack`: the apply failed and everything was put back, so a step's "Done" no longer holds;
 * `putBack`: the steps put back on their own (a client that still failed after the re-check). */
export function ApplyLog({
  log: all,
  rolledBack = false,
  putBack = [],
}: {
  log: RepairOutputEvent[];
  rolledBack?: boolean;
  putBack?: readonly number[];
}): React.JSX.Element | null {
  const { t } = useTranslation();
  if (all.length === 0) return null;
  const log = compact(all);
  const undone = (e: RepairOutputEvent): boolean => e.state === 'done' && (rolledBack || putBack.includes(e.step));
  return (
    <ol className="log" aria-live="polite" aria-label={t('apply.logLabel')} data-testid="apply-log">
      {log.map((e, i) =>
        e.state === 'output' ? (
          <li key={i} className="log-output">
            <pre>{String(e.message.params?.text ?? '')}</pre>
          </li>
        ) : (
          <li key={i} className={undone(e) ? 'log-putBack' : `log-${e.state}`}>
            <span className="log-state">{t(undone(e) ? 'apply.state.putBack' : `apply.state.${e.state}`)}</span>{' '}
            <Say message={e.message} />
          </li>
        ),
      )}
    </ol>
  );
}
