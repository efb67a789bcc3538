// The renderer's translator: the same tables as the CLI (assets/locales/resources.ts). Message codes
// from core are "namespace:key" and are translated here, never in core.
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { NAMESPACES, pickLanguage, resources, type Language } from '../assets/locales/resources.ts';
import { shown } from '../assets/locales/shown.ts';
import type { Message } from '../src-main/api/types.ts';

export function setupI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    lng: pickLanguage(navigator.language),
    fallbackLng: 'en',
    resources,
    ns: NAMESPACES,
    defaultNS: 'app',
    initAsync: false,
    // React escapes HTML; what it does not stop is a newline, an escape sequence or a bidi override in
    // a path faking a line or reordering a sentence: every value put into a sentence is shown escaped
    // (assets/locales/shown.ts, the same form as the CLI's).
    interpolation: {
      escapeValue: true,
      escape: (value: unknown) => (typeof value === 'string' ? shown(value) : value),
    },
    showSupportNotice: false,
  } as Parameters<typeof i18next.init>[0]);
  return i18next;
}

export function setLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function systemLanguage(): Language {
  return pickLanguage(navigator.language);
}

/** Translates a core Message. */
export function useSay(): (m: Message | undefined) => string {
  const { t } = useTranslation();
  return (m) => (m ? (t(m.code, { ...(m.params ?? {}) }) as string) : '');
}
