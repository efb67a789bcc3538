// The window: a sidebar of screens and the screen itself. Settings (language, theme) are loaded
// once and applied to the document; "system" follows the OS and changes with it.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../src-main/api/types.ts';
import { useBridge } from './bridge/index.ts';
import { prefetchScanResults } from './bundles/prefetch.ts';
import { setLanguage, systemLanguage } from './i18n.ts';
import { BundlesScreen } from './screens/Bundles.tsx';
import { HistoryScreen } from './screens/History.tsx';
import { PythonsScreen } from './screens/Pythons.tsx';
import { RootUpdateScreen } from './screens/RootUpdate.tsx';
import { SettingsScreen } from './screens/Settings.tsx';
import { WizardScreen } from './screens/Wizard.tsx';

export const SCREENS = ['wizard', 'bundles', 'pythons', 'update', 'history', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

const ICONS: Record<Screen, string> = {
  wizard: '✚',
  bundles: '▤',
  pythons: '◆',
  update: '↻',
  history: '⟲',
  settings: '⚙',
};

/** "#wizard?python=py-…" -> "wizard": the screen a hash names, its parameters aside. */
function screenOf(hash: string): Screen | undefined {
  const name = hash.slice(1).split('?')[0] ?? '';
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : undefined;
}

function useColorScheme(theme: string | undefined): void {
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = (): void => {
      const dark = theme === 'dark' || ((theme ?? 'system') === 'system' && media.matches);
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

export function App(): React.JSX.Element {
  const bridge = useBridge();
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>(() => screenOf(window.location.hash) ?? 'wizard');
  // A screen may send the user to another by the hash (#wizard?python=<id> from a Pythons row).
  useEffect(() => {
    const follow = (): void => {
      const s = screenOf(window.location.hash);
      if (s) setScreen(s);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const [view, setView] = useState<SettingsView | null>(null);

  const applyView = useCallback((v: SettingsView) => {
    setView(v);
    setLanguage(v.settings.language === 'system' ? systemLanguage() : v.settings.language);
  }, []);

  useEffect(() => {
    void bridge.invoke('settings.get', {}).then((r) => r.ok && applyView(r.value));
  }, [bridge, applyView]);
  useColorScheme(view?.settings.theme);

  const go = (s: Screen): void => {
    if (s === 'bundles' && s !== screen) prefetchScanResults(bridge);
    setScreen(s);
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${s}`);
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand" aria-hidden="true">
          <span className="brand-mark">✓</span> TrustFix
        </div>
        <ul>
          {SCREENS.map((s) => (
            <li key={s}>
              <button
                type="button"
                className={s === screen ? 'nav-item active' : 'nav-item'}
                aria-current={s === screen ? 'page' : undefined}
                onClick={() => go(s)}
                data-screen={s}
              >
                <span className="nav-icon" aria-hidden="true">
                  {ICONS[s]}
                </span>
                {t(`nav.${s}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {screen === 'wizard' && <WizardScreen />}
        {screen === 'bundles' && <BundlesScreen />}
        {screen === 'pythons' && <PythonsScreen />}
        {screen === 'update' && <RootUpdateScreen />}
        {screen === 'history' && <HistoryScreen />}
        {screen === 'settings' && <SettingsScreen view={view} onChange={applyView} />}
      </main>
    </div>
  );
}
