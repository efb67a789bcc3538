// Issue 15, zh-CN polish: Chinese sentences use full-width punctuation (，：；（）) next to Chinese,
// never a space before "（" or after "）", and never a half-width bracket around Chinese words. Every
// value of every zh-CN table, CLI and app alike; {{placeholders}} count as words.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('../../../../assets/locales/zh-CN/', import.meta.url));
const HAN = '\\p{Script=Han}';
const RULES: Array<[string, RegExp]> = [
  ['half-width , : ; next to Chinese', new RegExp(`${HAN}[,:;]|[,:;]${HAN}`, 'u')],
  ['half-width bracket around Chinese', new RegExp(`\\([^()]*${HAN}[^()]*\\)`, 'u')],
  ['half-width bracket right after Chinese', new RegExp(`${HAN}\\(`, 'u')],
  ['space before a full-width bracket', /[ \t\u3000]（/u],
  ['space after a full-width bracket or stop', /[）。，：；][ \t\u3000]/u],
];

function values(file: string): Array<[string, string]> {
  const table = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
  const out: Array<[string, string]> = [];
  const walk = (prefix: string, v: unknown): void => {
    if (typeof v === 'string') out.push([prefix, v]);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
  };
  walk('', table);
  return out;
}

describe('zh-CN punctuation', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    it(file, () => {
      const bad: string[] = [];
      for (const [key, text] of values(file)) {
        // Code and command lines inside backquotes keep their own punctuation.
        const prose = text.replace(/`[^`]*`/g, 'X');
        for (const [rule, re] of RULES) if (re.test(prose)) bad.push(`${key}: ${rule}: ${text}`);
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('zh-CN sentences a person would write', () => {
  it('no "保留他人添加的 0 个": a refresh that keeps nothing says so in words', () => {
    const repair = JSON.parse(readFileSync(join(DIR, 'repair.json'), 'utf8')) as Record<string, string>;
    const zero = repair['what.refreshKeepNone'] ?? '';
    expect(zero).not.toBe('');
    expect(zero).not.toMatch(/\{\{kept\}\}|0 个/);
  });
  it('the details panel says why a refresh is offered as a sentence, not "在应用中请求：让 …"', () => {
    const app = JSON.parse(readFileSync(join(DIR, 'app.json'), 'utf8')) as Record<string, string>;
    expect(app['details.whyRefresh']).not.toMatch(/^在应用中请求：让/);
  });
});
