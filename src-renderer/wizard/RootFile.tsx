// "I have the root certificate file": when nothing on this machine or from the server completes the
// chain (the server does not send its root, or sends only its own certificate), the user adds the
// file IT gave them. Its bytes go to the app as an upload (never a path); the wizard shows each
// certificate's name and SHA-256 to compare with what IT says, and only after the user ticks that
// they match does it plan adding them, for the interpreter the wizard is fixing.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadResult } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { Problem, useBusy } from '../components/common.tsx';
import { groupedFingerprint } from '../components/PlanView.tsx';
import { shown } from '../../assets/locales/shown.ts';

const MAX_PEM = 48 * 1024;

export function RootFileOffer({
  busy,
  onPlan,
}: {
  busy: boolean;
  onPlan: (uploadId: string, fingerprints: string[]) => void;
}): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const { busy: reading, problem, setProblem, run } = useBusy();
  const [upload, setUpload] = useState<UploadResult | null>(null);
  const [file, setFile] = useState('');
  const [matches, setMatches] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const picked = async (f: File | undefined): Promise<void> => {
    if (!f) return;
    setUpload(null);
    setMatches(false);
    if (f.size > MAX_PEM)
      return setProblem({ code: 'app:details.fileTooLarge', params: { name: f.name, max: MAX_PEM / 1024 } });
    const name = f.name.replace(/[\\/]/g, '_');
    const u = await run(async () => bridge.invoke('upload.pem', { name, text: await f.text() }));
    if (input.current) input.current.value = '';
    if (!u) return;
    setFile(name);
    setUpload(u);
  };

  return (
    <section className="notice notice-info root-file" aria-labelledby="root-file-title" data-testid="root-file">
      <h3 id="root-file-title">{t('rootFile.title')}</h3>
      <p>{t('rootFile.intro')}</p>
      <div className="actions">
        <input
          ref={input}
          id="root-file-input"
          className="visually-hidden"
          type="file"
          accept=".pem,.crt,.cer,application/x-pem-file"
          disabled={busy || reading}
          onChange={(e) => void picked(e.target.files?.[0])}
        />
        <label htmlFor="root-file-input" className="button" aria-disabled={busy || reading}>
          {t('rootFile.button')}
        </label>
      </div>
      <Problem message={problem} />
      {upload && (
        <div className="root-file-certs">
          <p>
            <span className="path">{shown(file)}</span>
            {t('wizard.causes.colon')}
            {t('rootFile.read', { count: upload.certificates.length })}
          </p>
          <ul className="cert-list">
            {upload.certificates.map((c) => (
              <li key={c.fingerprint}>
                <span>
                  <span className="cert-name">{shown(c.name)}</span>
                  {!c.isCA && <span className="danger"> · {t('details.notCa')}</span>}
                </span>
                <span>
                  SHA-256 <code className="fingerprint small">{groupedFingerprint(c.fingerprint)}</code>
                </span>
              </li>
            ))}
          </ul>
          <label className="check">
            <input
              id="root-file-confirm"
              type="checkbox"
              checked={matches}
              onChange={(e) => setMatches(e.target.checked)}
            />
            {t('rootFile.confirm')}
          </label>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              disabled={busy || !matches}
              onClick={() =>
                onPlan(
                  upload.uploadId,
                  upload.certificates.map((c) => c.fingerprint),
                )
              }
            >
              {t('rootFile.plan')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
