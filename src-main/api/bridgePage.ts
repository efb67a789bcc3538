// The one page the bridge shows itself: a browser that came without a way in (a used, expired or
// made-up link, no cookie) is told what to do, in the app's language if one is chosen in the
// settings, else the browser's. Plain HTML, no script, no style: the app's strict CSP still applies.
import { pickLanguage, resources, type Language } from '../../assets/locales/resources.ts';
import type { Settings } from './types.ts';

export type Refusal = 'used' | 'invalid' | 'none';

type AppKey = keyof (typeof resources)['en']['app'];

function t(key: `app:${AppKey}`, lang: Language): string {
  return resources[lang].app[key.slice(4) as AppKey];
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The settings' language, else the first language the browser asks for. */
export function pageLanguage(settings: Settings, acceptLanguage: string | undefined): Language {
  return settings.language !== 'system' ? settings.language : pickLanguage(acceptLanguage?.split(',')[0]?.trim());
}

export function refusalPage(why: Refusal, lang: Language): string {
  const reason =
    why === 'used'
      ? t('app:bridge.page.used', lang)
      : why === 'invalid'
        ? t('app:bridge.page.invalid', lang)
        : t('app:bridge.page.noAccess', lang);
  const title = t('app:bridge.page.title', lang);
  return [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title></head>`,
    `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(reason)}</p><p>${escapeHtml(t('app:bridge.page.next', lang))}</p></main></body></html>`,
    '',
  ].join('\n');
}
