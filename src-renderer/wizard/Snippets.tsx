// Code for the user's own scripts, pointing at the good bundle. Turning verification off appears
// only as a warning of what it does, never as something to click or copy.
import { useTranslation } from 'react-i18next';
import { InsecureWarning } from './InsecureWarning.tsx';
import { shown } from '../../assets/locales/shown.ts';

export function snippets(bundle: string): Array<{ id: string; code: string }> {
  const p = bundle.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  return [
    { id: 'requestsVerify', code: `requests.get(url, verify='${p}')` },
    { id: 'session', code: `session = requests.Session()\nsession.verify = '${p}'` },
    { id: 'env', code: `export REQUESTS_CA_BUNDLE='${p}'\n# Windows: setx REQUESTS_CA_BUNDLE "${bundle}"` },
    {
      id: 'urlopen',
      code: `import ssl, urllib.request\nctx = ssl.create_default_context(cafile='${p}')\nurllib.request.urlopen(url, context=ctx)`,
    },
    { id: 'pip', code: `pip install --cert '${p}' PACKAGE` },
    { id: 'twine', code: `twine upload --cert '${p}' dist/*` },
  ];
}

export function Snippets({ bundle }: { bundle: string }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <section className="snippets" aria-labelledby="snippets-title">
      <h2 id="snippets-title">{t('wizard.snippets.title')}</h2>
      <p className="muted">{t('wizard.snippets.intro')}</p>
      {snippets(bundle).map((s) => (
        <figure key={s.id} className="snippet">
          <figcaption>{t(`wizard.snippets.${s.id}`)}</figcaption>
          <pre tabIndex={0}>
            <code>{shown(s.code)}</code>
          </pre>
          <button type="button" className="button small" onClick={() => void navigator.clipboard?.writeText(s.code)}>
            {t('wizard.snippets.copy')}
          </button>
        </figure>
      ))}
      <InsecureWarning />
    </section>
  );
}
