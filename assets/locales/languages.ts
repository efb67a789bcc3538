// The languages and the areas (namespaces) of the translation tables, without the tables: the CLI
// reads only the chosen language's files (src-main/cli/i18n.ts), and loading every table of every
// language just to learn these names would cost each start of `trustfix`.
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One JSON file per area and language: assets/locales/<language>/<area>.json. */
export const NAMESPACES = [
  'common',
  'bundles',
  'discover',
  'pythons',
  'clients',
  'check',
  'repair',
  'trust',
  'fleet',
  'app',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** zh, zh_CN.UTF-8, zh-Hans-CN ... -> zh-CN; anything else -> en. */
export function pickLanguage(tag: string | undefined): Language {
  return tag && /^zh/i.test(tag) ? 'zh-CN' : 'en';
}
