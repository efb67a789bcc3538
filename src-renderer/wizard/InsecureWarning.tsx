// The warning about turning verification off: what each way of doing it does, shown as a warning and
// never as something to click or copy. The settings are named here, in code, so each line can say
// why it stands in TrustFix at all; the sentence around them is translated.
import { useTranslation } from 'react-i18next';

const INSECURE_SETTINGS = {
  verifyFalse: 'verify=False', // warning text only: named so people recognise it; TrustFix never sets it
  unverifiedContext: 'ssl._create_unverified_context()', // warning text only, never run or offered
  envOff: 'PYTHONHTTPSVERIFY=0', // warning text only, never set
  trustedHost: '--trusted-host', // warning text only, never passed to pip
} as const;

export function InsecureWarning(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="notice notice-warning" role="note">
      <strong>{t('wizard.insecure.title')}</strong> {t('wizard.insecure.body', INSECURE_SETTINGS)}
    </div>
  );
}
