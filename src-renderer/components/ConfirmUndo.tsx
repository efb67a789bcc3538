// Undo, everywhere in the app (History, the wizard, a Pythons row), asks first: a modal dialog says
// what the change did, how each part is put back, which files, and whether it asks for administrator
// rights once; "Put back" or "Cancel". A native <dialog> opened with showModal(): the page behind
// is inert, Escape cancels, focus starts on Cancel (the choice that changes nothing) and returns to
// the Undo button that opened it. After the undo, PutBackStatus says what was put back.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry, Message } from '../../src-main/api/types.ts';
import { shown } from '../../assets/locales/shown.ts';
import { useBridge } from '../bridge/index.ts';
import { Say } from './common.tsx';

/** The dialog itself; `entry` undefined while it is being read. */
export function ConfirmUndo({
  entry,
  onPutBack,
  onCancel,
}: {
  entry: HistoryEntry | undefined;
  onPutBack: () => void;
  onCancel: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (!d.open) d.showModal();
    cancel.current?.focus();
    // Escape: the browser's cancel event; the parent closes it (it owns whether it is shown).
    const onEscape = (e: Event): void => {
      e.preventDefault();
      onCancel();
    };
    d.addEventListener('cancel', onEscape);
    return () => {
      d.removeEventListener('cancel', onEscape);
      if (d.open) d.close();
    };
  }, [onCancel]);
  return (
    <dialog
      ref={dialog}
      className="confirm-undo"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      data-testid="confirm-undo"
    >
      <h2 id={`${id}-title`}>{t('undo.title')}</h2>
      <p id={`${id}-intro`}>{t('undo.intro')}</p>
      {!entry ? (
        <p className="muted" role="status">
          {t('undo.loading')}
        </p>
      ) : (
        <>
          <h3>{t('undo.did')}</h3>
          <ul className="undo-actions" data-testid="undo-actions">
            {entry.actions.map((a, i) => (
              <li key={i}>
                <Say message={a} />
                {entry.undoes[i] && (
                  <div className="muted small">
                    <span className="how-label">{t('undo.howLabel')}</span>
                    <Say message={entry.undoes[i]} />
                  </div>
                )}
              </li>
            ))}
          </ul>
          <h3>{t('undo.files')}</h3>
          {entry.files.length > 0 ? (
            <ul className="undo-files" data-testid="undo-files">
              {entry.files.map((f) => (
                <li key={f} className="path">
                  {shown(f)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted" data-testid="undo-files">
              {t('undo.noFiles')}
            </p>
          )}
          <p className={entry.undoNeedsAdmin ? 'notice notice-info' : 'muted'}>
            {t(entry.undoNeedsAdmin ? 'undo.admin' : 'undo.noAdmin')}
          </p>
        </>
      )}
      <div className="actions">
        <button ref={cancel} type="button" className="button" onClick={onCancel}>
          {t('undo.cancel')}
        </button>
        <button type="button" className="button primary" disabled={!entry} onClick={onPutBack}>
          {t('undo.putBack')}
        </button>
      </div>
    </dialog>
  );
}

/**
 * An Undo button that asks first. `entry` when the screen has it (History); else it is read from
 * the history by id when the dialog opens (the wizard, a Pythons row). `onConfirm` runs the undo.
 */
export function UndoButton({
  historyId,
  entry,
  label,
  disabled = false,
  onConfirm,
}: {
  historyId: string;
  entry?: HistoryEntry;
  label: string;
  disabled?: boolean;
  onConfirm: () => void;
}): React.JSX.Element {
  const bridge = useBridge();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<HistoryEntry | undefined>(entry);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (!open || entry) return;
    void bridge.invoke('history.list', {}).then((r) => r.ok && setLoaded(r.value.find((e) => e.id === historyId)));
  }, [open, entry, bridge, historyId]);
  // Focus goes back to the button that opened the dialog (when it is still there).
  useEffect(() => {
    if (wasOpen.current && !open) button.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const close = useRef(() => setOpen(false)).current;
  return (
    <>
      <button ref={button} type="button" className="button small" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && (
        <ConfirmUndo
          entry={entry ?? loaded}
          onCancel={close}
          onPutBack={() => {
            setOpen(false);
            onConfirm();
          }}
        />
      )}
    </>
  );
}

/** After an undo: what was put back (each action's undo sentence), or what could not be. */
export function PutBackStatus({ entry, problems }: { entry: HistoryEntry; problems: Message[] }): React.JSX.Element {
  const { t } = useTranslation();
  // The Undo button is gone once its change is put back: keyboard focus comes here, not to the page's top.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      ref={box}
      tabIndex={-1}
      className={problems.length ? 'notice notice-warning' : 'notice notice-ok'}
      role="status"
      data-testid="undo-status"
    >
      {t(problems.length ? 'undo.partly' : 'undo.done')}
      <ul>
        {entry.undoes.map((u, i) => (
          <li key={i}>
            <Say message={u} />
          </li>
        ))}
        {problems.map((p, i) => (
          <li key={`p${i}`}>
            <Say message={p} />
          </li>
        ))}
      </ul>
    </div>
  );
}
