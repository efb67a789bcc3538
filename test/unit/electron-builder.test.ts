// electron-builder.yml is checked against electron-builder's own JSON schema, and the fuses and
// targets the app relies on are there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// Both ship CommonJS without bundled types for this use: taken through require.
const { load } = require('js-yaml') as { load: (text: string) => unknown };
const Ajv = require('ajv') as new (options: object) => {
  compile: (schema: unknown) => ((data: unknown) => boolean) & { errors?: unknown[] | null };
};
const config: any = load(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8'));

describe('electron-builder.yml', () => {
  it("validates against app-builder-lib's scheme.json", () => {
    const schema = require('app-builder-lib/scheme.json');
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });
  it('sets the fuses: no RunAsNode, no NODE_OPTIONS, app only from an integrity-checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
  it('builds NSIS per user, a hardened dmg, AppImage and deb, with the probes and the CLI as extra resources', () => {
    expect(config.nsis.perMachine).toBe(false);
    expect(config.win.target[0].target).toBe('nsis');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.target[0].target).toBe('dmg');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.extraResources.map((r: { to: string }) => r.to)).toEqual(['probe', 'cli']);
  });
});
