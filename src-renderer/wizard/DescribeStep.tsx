// Step 1 of the wizard: the URL or error pasted, what was read from it (host, port, the interpreter a
// traceback names), and the interpreters to check. The state lives in WizardScreen.
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { PythonRow } from '../../src-main/api/types.ts';
import { shown } from '../../assets/locales/shown.ts';
import { usePythonLabel } from '../components/common.tsx';
import { CheckProgress } from './CheckProgress.tsx';
import type { parseFailure } from './parseError.ts';

export interface DescribeStepProps {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  text: string;
  onText: (text: string) => void;
  parsed: ReturnType<typeof parseFailure>;
  /** The interpreter the pasted traceback came from, when one of the found ones matches. */
  focus: string | undefined;
  pythons: PythonRow[] | null;
  /** The interpreters are still being found and probed. */
  probing: boolean;
  chosen: ReadonlySet<string>;
  onChoose: (id: string, on: boolean) => void;
  checking: boolean;
  canDiagnose: boolean;
  onDiagnose: () => void;
}

export function DescribeStep({
  inputRef,
  text,
  onText,
  parsed,
  focus,
  pythons,
  probing,
  chosen,
  onChoose,
  checking,
  canDiagnose,
  onDiagnose,
}: DescribeStepProps): React.JSX.Element {
  const { t } = useTranslation();
  const label = usePythonLabel();
  return (
    <div className="card">
      <label className="field" htmlFor="wizard-input">
        {t('wizard.inputLabel')}
      </label>
      <textarea
        ref={inputRef}
        id="wizard-input"
        rows={6}
        value={text}
        onChange={(e) => onText(e.target.value)}
        placeholder={t('wizard.inputPlaceholder')}
        spellCheck={false}
      />
      <div className="parsed" aria-live="polite" data-testid="parsed">
        {parsed.host ? (
          <p>
            {t('wizard.parsed.host', { host: parsed.host, port: parsed.port })}
            {parsed.reason && <> · {t(`wizard.reason.${parsed.reason}`)}</>}
          </p>
        ) : null}
        {focus && pythons ? (
          <p data-testid="traceback-python">
            {t('wizard.parsed.python', { python: label(pythons.find((p) => p.id === focus)!) })}
          </p>
        ) : null}
        {parsed.host ? null : <p className="muted">{text ? t('wizard.parsed.noHost') : t('wizard.parsed.hint')}</p>}
      </div>
      <fieldset className="pythons-choice">
        <legend>{t('wizard.choosePythons')}</legend>
        {probing && <p className="muted">{t('pythons.probing')}</p>}
        {pythons?.length === 0 && <p className="muted">{t('pythons.none')}</p>}
        {pythons?.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              checked={chosen.has(p.id)}
              disabled={Boolean(p.error)}
              onChange={(e) => onChoose(p.id, e.target.checked)}
            />
            <span>{label(p)}</span> <span className="muted path">{shown(p.executable)}</span>
          </label>
        ))}
      </fieldset>
      {checking && <CheckProgress />}
      <div className="actions">
        <button type="button" className="button primary" disabled={!canDiagnose} onClick={onDiagnose}>
          {t('wizard.diagnose')}
        </button>
      </div>
    </div>
  );
}
