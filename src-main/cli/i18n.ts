// The CLI's translator: same tables as the app. Language from --lang, else TRUSTFIX_LANG, else the
// locale variables a terminal sets (LC_ALL, LC_MESSAGES, LANG).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { i18n } from 'i18next';
import { NAMESPACES, pickLanguage, type Language } from '../../assets/locales/languages.ts';
import type { Message } from '../core/messages.ts';
import { shown } from '../../assets/locales/shown.ts';

// Nothing is loaded until the first sentence is needed: `trustfix --version` and a `--json` run that
// goes well never load i18next or a table. Then only the chosen language's tables are read (every
// key is in both languages: test/unit/assets/locales/resources.test.ts), not all tables of both.
let language: Language = 'en';
let instance: i18n | undefined;

export function detectLanguage(explicit?: string, env: NodeJS.ProcessEnv = process.env): Language {
  return pickLanguage(explicit ?? env.TRUSTFIX_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG);
}

/** Chooses the language; the tables are read when the first sentence is asked for. */
export function setupI18n(chosen: Language): void {
  language = chosen;
  instance = undefined;
}

/** The tables folder: beside the sources (assets/locales) or the build (dist/assets/locales). */
function tablesDir(): string {
  const near = fileURLToPath(new URL('../../assets/locales/', import.meta.url));
  return existsSync(near) ? near : fileURLToPath(new URL('../../../assets/locales/', import.meta.url));
}

function translator(): i18n {
  if (instance) return instance;
  const dir = tablesDir();
  const tables: Record<string, unknown> = {};
  for (const ns of NAMESPACES) tables[ns] = JSON.parse(readFileSync(`${dir}${language}/${ns}.json`, 'utf8'));
  // Synchronous on purpose: t() is synchronous, and an `await import` here would make every caller async.
  const i18next = createRequire(import.meta.url)('i18next') as { default?: i18n } & i18n;
  const created = (i18next.default ?? i18next).createInstance();
  void created.init({
    lng: language,
    fallbackLng: false,
    resources: { [language]: tables },
    ns: [...NAMESPACES],
    defaultNS: 'common',
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  instance = created;
  return created;
}

/** A program's own words (pip's output, Python's error): their lines are kept, other controls escaped. */
const VERBATIM = new Set(['output', 'detail']);

/** Every string value put into a sentence is shown escaped (see shown.ts): a path or a name cannot
 * fake a line of a plan or move the cursor. */
export function t(key: string, params?: Record<string, unknown>): string {
  const safe: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params ?? {}))
    safe[name] = typeof value === 'string' ? shown(value, VERBATIM.has(name)) : value;
  return translator().t(key, safe) as string;
}

export function say(message: Message): string {
  return t(message.code, message.params);
}
