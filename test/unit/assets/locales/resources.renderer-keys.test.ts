// Every literal key the screens translate (t('…')) and every app message the API sends
// (msg('app:…')) exists in the English table (and so, by test/unit/assets/locales/resources.test.ts, in Chinese): a missing
// key would show the key itself on screen.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resources } from '../../../../assets/locales/resources.ts';
import { ROOT } from '../../../helpers/uiServer.ts';

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('translation keys used by the app', () => {
  it('exist in the tables', () => {
    const en = resources.en as Record<string, Record<string, string>>;
    const missing: string[] = [];
    for (const file of [...files('src-renderer', /\.tsx?$/), ...files('src-main/api', /\.ts$/)]) {
      const text = readFileSync(file, 'utf8');
      const keys = [
        ...[...text.matchAll(/\bt\(\s*'([^'`$]+)'/g)].map((m) => m[1]!),
        ...[...text.matchAll(/msg\(\s*'(app:[^'`$]+)'/g)].map((m) => m[1]!),
        ...[...text.matchAll(/code: '(app:[^'`$]+)'/g)].map((m) => m[1]!),
      ];
      for (const key of keys) {
        const [ns, k] = key.includes(':') ? (key.split(/:(.*)/s) as [string, string]) : ['app', key];
        if (!en[ns]?.[k]) missing.push(`${file.slice(ROOT.length)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
