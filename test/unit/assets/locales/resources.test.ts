// Every namespace that resources.ts registers has exactly the same keys, and the same placeholders,
// in English and Chinese; a key missing in zh-CN would silently fall back to English.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { LANGUAGES, NAMESPACES, resources } from '../../../../assets/locales/resources.ts';

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('translation tables', () => {
  const en = resources.en as Record<string, Record<string, string>>;
  const namespaces = Object.keys(en);

  it('registers the same namespaces for every language', () => {
    for (const lang of LANGUAGES) expect(Object.keys(resources[lang]).sort()).toEqual([...namespaces].sort());
    expect(namespaces).toContain('app');
  });

  it('names every table file in NAMESPACES: the CLI reads the files by those names (cli/i18n.ts)', () => {
    expect([...NAMESPACES].sort()).toEqual([...namespaces].sort());
    for (const lang of LANGUAGES) {
      const files = readdirSync(new URL(`../../../../assets/locales/${lang}/`, import.meta.url)).filter((f) =>
        f.endsWith('.json'),
      );
      expect(files.map((f) => f.replace(/\.json$/, '')).sort(), lang).toEqual([...NAMESPACES].sort());
    }
  });

  for (const ns of namespaces) {
    it(`"${ns}" has the same keys and placeholders in every language, none empty`, () => {
      for (const lang of LANGUAGES) {
        const table = (resources[lang] as Record<string, Record<string, string>>)[ns] ?? {};
        expect(Object.keys(table).sort(), `${lang}/${ns}.json keys`).toEqual(Object.keys(en[ns] ?? {}).sort());
        for (const [key, value] of Object.entries(table)) {
          expect(typeof value === 'string' && value.trim().length > 0, `${lang}/${ns}: ${key} is empty`).toBe(true);
          expect(placeholders(value), `${lang}/${ns}: ${key} placeholders`).toEqual(placeholders(en[ns]?.[key] ?? ''));
        }
      }
    });
  }

  it('the Chinese app table is really Chinese', () => {
    const zh = resources['zh-CN'].app as Record<string, string>;
    const withHan = Object.values(zh).filter((v) => /\p{Script=Han}/u.test(v)).length;
    expect(withHan / Object.keys(zh).length).toBeGreaterThan(0.85);
  });
});
