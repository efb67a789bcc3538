// The CLI's translator: same tables as the app. Language from --lang, else TRUSTFIX_LANG, else the
// locale variables a terminal sets (LC_ALL, LC_MESSAGES, LANG).
import i18next, { type i18n } from 'i18next';
import { NAMESPACES, pickLanguage, resources, type Language } from '../../assets/locales/resources.ts';
import type { Message } from '../core/messages.ts';
import { shown } from '../../assets/locales/shown.ts';

let instance: i18n | undefined;

export function detectLanguage(explicit?: string, env: NodeJS.ProcessEnv = process.env): Language {
  return pickLanguage(explicit ?? env.TRUSTFIX_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG);
}

export function setupI18n(language: Language): i18n {
  instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    resources,
    ns: NAMESPACES,
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  return instance;
}

/** A program's own words (pip's output, Python's error): their lines are kept, other controls escaped. */
const VERBATIM = new Set(['output', 'detail']);

/** Every string value put into a sentence is shown escaped (see shown.ts): a path or a name cannot
 * fake a line of a plan or move the cursor. */
export function t(key: string, params?: Record<string, unknown>): string {
  instance ??= setupI18n('en');
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params ?? {})) safe[name] = typeof value === 'string' ? shown(value, VERBATIM.has(name)) : value;
  return instance.t(key, safe) as string;
}

export function say(message: Message): string {
  return t(message.code, message.params);
}
