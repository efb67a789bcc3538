// Step 4 of the wizard: the ticked steps applied with live progress, what came of it (fixed, kept for
// some clients and put back for others, failed and put back), each client's outcome, Undo, and the
// snippets that point a program at the good bundle. The state lives in WizardScreen.
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, CheckResult, HistoryEntry, Message, RepairOutputEvent } from '../../src-main/api/types.ts';
import { Say } from '../components/common.tsx';
import { PutBackStatus, UndoButton } from '../components/ConfirmUndo.tsx';
import { ApplyLog } from '../components/PlanView.tsx';
import { CheckProgress } from './CheckProgress.tsx';
import { ClientOutcomes } from './Outcomes.tsx';
import { Snippets } from './Snippets.tsx';

export interface ApplyStepProps {
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** The plan's output so far: the screen listens from before the apply call goes out, so no line is missed. */
  log: RepairOutputEvent[];
  applied: ApplyResult | null;
  undone: boolean;
  putBack: { entry: HistoryEntry; problems: Message[] } | null;
  before: CheckResult | null;
  after: CheckResult | null;
  busy: boolean;
  checking: boolean;
  onUndo: () => void;
  onCheckAgain: () => void;
  onStartOver: () => void;
}

/** The heading's key: what happened, once it is over. */
function titleOf(applied: ApplyResult | null, undone: boolean, partly: boolean): string {
  if (!applied) return 'wizard.applyTitle';
  if (undone) return 'wizard.applyTitleUndone';
  if (applied.ok) return 'wizard.applyTitleDone';
  return partly ? 'wizard.applyTitlePartly' : 'wizard.applyTitleFailed';
}

export function ApplyStep({
  headingRef,
  log,
  applied,
  undone,
  putBack,
  before,
  after,
  busy,
  checking,
  onUndo,
  onCheckAgain,
  onStartOver,
}: ApplyStepProps): React.JSX.Element {
  const { t } = useTranslation();
  // Some client's change was kept although another still fails (each is kept or put back on its own).
  const partly = applied !== null && !applied.ok && applied.historyId !== undefined;
  const fixedAll = after && after.rows.every((r) => r.ok);
  return (
    <section className="card" aria-labelledby="wizard-apply-title">
      <h2 id="wizard-apply-title" ref={headingRef} tabIndex={-1}>
        {t(titleOf(applied, undone, partly))}
      </h2>
      {/* After Undo each step's line says it was put back, like the heading. */}
      <ApplyLog
        log={log}
        rolledBack={undone || (applied?.ok === false && !applied.historyId)}
        putBack={applied?.putBack ?? []}
      />
      {busy && !applied && (
        <p className="muted" role="status">
          {t('wizard.applying')}
        </p>
      )}
      {applied && (
        <div
          className={applied.ok ? 'notice notice-ok' : partly ? 'notice notice-warning' : 'notice notice-error'}
          role="status"
          data-testid="apply-result"
        >
          {undone
            ? t('wizard.undone')
            : applied.ok
              ? fixedAll
                ? t('wizard.appliedFixed')
                : t('wizard.applied')
              : applied.problems.some((p) => p.code === 'repair:rollbackIncomplete')
                ? t('wizard.applyFailedPartly')
                : partly
                  ? t('wizard.appliedPartly')
                  : t('wizard.applyFailed')}
          {applied.problems.map((p, i) => (
            <div key={i}>
              <Say message={p} />
            </div>
          ))}
        </div>
      )}
      {undone && putBack && <PutBackStatus entry={putBack.entry} problems={putBack.problems} />}
      {applied?.clients && !undone && <ClientOutcomes clients={applied.clients} />}
      {checking && <CheckProgress />}
      {applied?.historyId && !undone && (
        <div className="actions">
          <UndoButton historyId={applied.historyId} label={t('wizard.undo')} disabled={busy} onConfirm={onUndo} />
          <button type="button" className="button ghost" disabled={busy} onClick={onCheckAgain}>
            {t('wizard.checkAgain')}
          </button>
        </div>
      )}
      {(undone || (applied && !applied.ok && !applied.historyId)) && (
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={onStartOver}>
            {t('wizard.startOver')}
          </button>
          {applied && !applied.ok && (
            <button type="button" className="button ghost" disabled={busy} onClick={onCheckAgain}>
              {t('wizard.checkAgain')}
            </button>
          )}
        </div>
      )}
      {(after?.goodBundle ?? before?.goodBundle) && !undone && applied?.ok !== false && (
        <Snippets bundle={(after?.goodBundle ?? before?.goodBundle) as string} />
      )}
    </section>
  );
}
