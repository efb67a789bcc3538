// Pythons: one row per interpreter, one column per client (urllib, requests, pip); each cell the
// source it trusts, what put that source in force (in words, never TrustFix's internal codes), and
// its status. Each row acts: check a host with that Python (the wizard, with it chosen), or use the
// system's certificate store (plan.useOsStore: planned, applied and undone in place like every repair).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, HistoryEntry, Message, Plan, PythonRow } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, Say, StatusBadge, useBusy, usePythonLabel } from '../components/common.tsx';
import { PutBackStatus, UndoButton } from '../components/ConfirmUndo.tsx';
import { ApplyLog, PlanSteps, useRepairLog } from '../components/PlanView.tsx';
import { shown } from '../../assets/locales/shown.ts';
import { wizardFor } from '../wizard/preselect.ts';

const CLIENTS = ['urllib', 'requests', 'pip'] as const;

/** "Use the system's certificate store" for one row: its plan, the apply's result, the undo's. */
function OsStorePlan({
  row,
  plan,
  onClose,
  onChanged,
}: {
  row: PythonRow;
  plan: Plan;
  onClose: () => void;
  onChanged: () => void;
}): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const label = usePythonLabel();
  const { busy, problem, run } = useBusy();
  const log = useRepairLog(plan.planId);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [putBack, setPutBack] = useState<{ entry: HistoryEntry; problems: Message[] } | null>(null);
  const apply = async (): Promise<void> => {
    const a = await run(() => bridge.invoke('plan.apply', { planId: plan.planId }));
    if (a) {
      setApplied(a);
      onChanged();
    }
  };
  const undo = async (historyId: string): Promise<void> => {
    const u = await run(() => bridge.invoke('history.undo', { id: historyId }));
    if (u) {
      setPutBack({ entry: u.entry, problems: u.problems });
      onChanged();
    }
  };
  const python = label(row);
  return (
    <div className="python-plan" data-testid="python-plan" role="group" aria-labelledby={`plan-${row.id}`}>
      <h2 id={`plan-${row.id}`}>{t('pythons.planTitle', { python })}</h2>
      <PlanSteps plan={plan} />
      {/* Once put back, what was applied no longer holds: only what was put back is said. */}
      {!putBack && <ApplyLog log={log} rolledBack={applied?.ok === false && !applied.historyId} />}
      <Problem message={problem} />
      {applied && !putBack && (
        <div
          className={applied.ok ? 'notice notice-ok' : 'notice notice-error'}
          role="status"
          data-testid="python-result"
        >
          {applied.ok ? t('pythons.applied', { python }) : t('pythons.applyFailed')}
          {applied.problems.map((p, i) => (
            <div key={i}>
              <Say message={p} />
            </div>
          ))}
        </div>
      )}
      {putBack && <PutBackStatus entry={putBack.entry} problems={putBack.problems} />}
      <div className="actions">
        {!applied && plan.steps.length > 0 && (
          <button type="button" className="button primary" disabled={busy} onClick={() => void apply()}>
            {t('pythons.apply')}
          </button>
        )}
        {applied?.historyId && !putBack && (
          <UndoButton
            historyId={applied.historyId}
            label={t('pythons.undo')}
            disabled={busy}
            onConfirm={() => void undo(applied.historyId as string)}
          />
        )}
        <button type="button" className="button ghost" disabled={busy} onClick={onClose}>
          {t('pythons.close')}
        </button>
      </div>
    </div>
  );
}

export function PythonsScreen(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const label = usePythonLabel();
  const { busy, problem, run } = useBusy();
  const [rows, setRows] = useState<PythonRow[] | null>(null);
  const [open, setOpen] = useState<{ row: PythonRow; plan: Plan } | null>(null);
  const load = useCallback(
    async (refresh: boolean) => {
      const r = await run(() => bridge.invoke('pythons.list', refresh ? { refresh: true } : {}));
      if (r) setRows(r);
    },
    [bridge, run],
  );
  useEffect(() => void load(false), [load]);
  const planOsStore = async (row: PythonRow): Promise<void> => {
    const p = await run(() => bridge.invoke('plan.useOsStore', { pythonId: row.id }));
    if (p) setOpen({ row, plan: p });
  };
  return (
    <section className="screen" aria-labelledby="pythons-title">
      <header className="screen-head">
        <div>
          <h1 id="pythons-title">{t('pythons.title')}</h1>
          <p className="muted">{t('pythons.intro')}</p>
        </div>
        <button type="button" className="button" disabled={busy} onClick={() => void load(true)}>
          {t('pythons.refresh')}
        </button>
      </header>
      <Problem message={problem} />
      {busy && (
        <p className="muted" role="status">
          {t('pythons.probing')}
        </p>
      )}
      {rows && rows.length === 0 && <p className="empty">{t('pythons.none')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-scroll static">
          <table className="plain pythons" data-testid="pythons">
            <thead>
              <tr>
                <th scope="col">{t('pythons.interpreter')}</th>
                {CLIENTS.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => [
                <tr key={p.id} data-python={p.id}>
                  <td>
                    <strong>{label(p)}</strong>
                    <div className="muted path">{shown(p.executable)}</div>
                    {p.error && (
                      <div className="danger">
                        <Say message={p.error} />
                      </div>
                    )}
                    {!p.error && (
                      <div className="row-actions" role="group" aria-label={t('pythons.actions', { python: label(p) })}>
                        <button type="button" className="button small" onClick={() => wizardFor(p.id)}>
                          {t('pythons.checkHost')}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          disabled={busy || open !== null}
                          onClick={() => void planOsStore(p)}
                        >
                          {t('pythons.useOsStore')}
                        </button>
                      </div>
                    )}
                  </td>
                  {CLIENTS.map((c) => {
                    const cell = p.clients[c];
                    if (!cell?.available)
                      return (
                        <td key={c} className="muted" data-client={c}>
                          {p.error ? '—' : t('pythons.notInstalled')}
                        </td>
                      );
                    return (
                      <td key={c} data-client={c} data-status={cell.status ?? 'unknown'}>
                        <StatusBadge status={cell.status ?? 'unknown'} />
                        {cell.version && <span className="muted"> {shown(cell.version)}</span>}
                        <div className="path">
                          {cell.source === 'os-store' ? t('pythons.osStore') : shown(cell.source ?? '')}
                        </div>
                        {cell.steer.map((m, i) => (
                          <div key={i} className="muted small">
                            <Say message={m} />
                          </div>
                        ))}
                        {cell.reason && (
                          <div className="muted small">
                            <Say message={cell.reason} />
                          </div>
                        )}
                      </td>
                    );
                  })}
                </tr>,
                open?.row.id === p.id ? (
                  <tr key={`${p.id}-plan`} className="python-plan-row">
                    <td colSpan={CLIENTS.length + 1}>
                      <OsStorePlan
                        row={p}
                        plan={open.plan}
                        onClose={() => setOpen(null)}
                        onChanged={() => void load(true)}
                      />
                    </td>
                  </tr>
                ) : null,
              ])}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
