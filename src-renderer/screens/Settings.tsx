// Settings: language (follows the OS, switchable), light/dark (follows the OS), the reference source.
import { useTranslation } from 'react-i18next';
import type { Settings, SettingsView } from '../../src-main/api/types.ts';
import { useBridge } from '../bridge/index.ts';
import { formatDate, Say } from '../components/common.tsx';
import { shown } from '../../assets/locales/shown.ts';

export function SettingsScreen({
  view,
  onChange,
}: {
  view: SettingsView | null;
  onChange: (v: SettingsView) => void;
}): React.JSX.Element {
  const bridge = useBridge();
  const { t, i18n } = useTranslation();
  const set = async (patch: Partial<Settings>): Promise<void> => {
    const r = await bridge.invoke('settings.set', patch);
    if (r.ok) onChange(r.value);
  };
  if (!view)
    return (
      <section className="screen">
        <p className="muted">{t('common.loading')}</p>
      </section>
    );
  const s = view.settings;
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-head">
        <div>
          <h1 id="settings-title">{t('settings.title')}</h1>
        </div>
      </header>
      <div className="card form">
        <label htmlFor="set-language">{t('settings.language')}</label>
        <select
          id="set-language"
          value={s.language}
          onChange={(e) => void set({ language: e.target.value as Settings['language'] })}
        >
          <option value="system">
            {t('settings.followSystem', { value: view.systemLanguage === 'zh-CN' ? '简体中文' : 'English' })}
          </option>
          <option value="en" lang="en">
            English
          </option>
          <option value="zh-CN" lang="zh-CN">
            简体中文
          </option>
        </select>
        <label htmlFor="set-theme">{t('settings.theme')}</label>
        <select
          id="set-theme"
          value={s.theme}
          onChange={(e) => void set({ theme: e.target.value as Settings['theme'] })}
        >
          <option value="system">{t('settings.themeSystem')}</option>
          <option value="light">{t('settings.themeLight')}</option>
          <option value="dark">{t('settings.themeDark')}</option>
        </select>
        <label htmlFor="set-reference">{t('settings.reference')}</label>
        <select
          id="set-reference"
          value={s.reference}
          onChange={(e) => void set({ reference: e.target.value as Settings['reference'] })}
        >
          <option value="builtin">{t('settings.referenceBuiltin')}</option>
          <option value="file" disabled={!view.referenceFileAvailable}>
            {t('settings.referenceFile')}
          </option>
        </select>
      </div>
      <div className="card">
        <h2>{t('settings.aboutReference')}</h2>
        {view.reference && (
          <dl className="facts">
            <dt>{t('settings.source')}</dt>
            <dd>
              {view.reference.origin === 'builtin'
                ? t('settings.builtinLabel', { version: view.reference.label.replace(/^.*Node\.js /, '') })
                : shown(view.reference.label)}
            </dd>
            <dt>{t('settings.roots')}</dt>
            <dd>{view.reference.certificates}</dd>
            <dt>{t('settings.newest')}</dt>
            <dd>{formatDate(view.reference.newestRoot, i18n.language)}</dd>
          </dl>
        )}
        {view.systemStore && (
          <dl className="facts">
            <dt>{t('settings.osStore')}</dt>
            <dd>
              <span className="path">{shown(view.systemStore.source) || '—'}</span> ·{' '}
              {t('settings.osStoreCount', { count: view.systemStore.certificates })}
            </dd>
          </dl>
        )}
        {view.systemStore?.problem && (
          <p className="notice notice-error">
            <Say message={view.systemStore.problem} />
          </p>
        )}
        <dl className="facts">
          <dt>{t('settings.dataDir')}</dt>
          <dd className="path">{shown(view.dataDir)}</dd>
        </dl>
      </div>
    </section>
  );
}
