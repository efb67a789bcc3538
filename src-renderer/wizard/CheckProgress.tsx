// The progress of a check while it runs: how many interpreters are probed, then judging, then the
// server's chain. Shown under the describe step's button and again while Undo's re-check runs.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckProgressEvent } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';

export function CheckProgress(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [p, setP] = useState<CheckProgressEvent | null>(null);
  useEffect(() => bridge.on('check.progress', setP), [bridge]);
  return (
    <div className="scan-progress" role="status" data-testid="check-progress">
      <progress aria-label={t('wizard.checking')} />
      <p className="scan-count">
        {p?.step === 'probes'
          ? t('wizard.progress.probes', { done: p.done, total: p.total })
          : p?.step === 'judge'
            ? t('wizard.progress.judge')
            : t('wizard.progress.chain')}
      </p>
    </div>
  );
}
