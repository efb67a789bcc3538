// macOS and Linux store readers, tested by the exact commands they would run and by parsing output
// in the documented formats (no Windows or macOS machine here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCertificatesCommand, MACOS_KEYCHAINS } from '../../../../src-main/core/platform/darwin.ts';
import { LINUX_SYSTEM_BUNDLES, readFirstBundle } from '../../../../src-main/core/platform/linux.ts';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { FIXTURES } from '../../../helpers/cli.ts';

const ders = splitBundle(readFileSync(`${FIXTURES}certifi-2026.05.20.pem`)).ders.slice(0, 3);

// The Windows reader (stores tagged, policy stores from the registry): test/unit/core/platform/winStores.origins.test.ts.

describe('darwin store reader', () => {
  it('asks security(1) for every certificate of each keychain as PEM', () => {
    expect(MACOS_KEYCHAINS).toContain('/Library/Keychains/System.keychain');
    expect(findCertificatesCommand('/Library/Keychains/System.keychain')).toEqual({
      file: '/usr/bin/security',
      args: ['find-certificate', '-a', '-p', '/Library/Keychains/System.keychain'],
    });
  });

  it('parses the PEM that `security find-certificate -p` prints', () => {
    const out = ders
      .map(
        (d) =>
          `-----BEGIN CERTIFICATE-----\n${d
            .toString('base64')
            .match(/.{1,64}/g)!
            .join('\n')}\n-----END CERTIFICATE-----\n`,
      )
      .join('');
    expect(splitBundle(Buffer.from(out)).ders).toHaveLength(3);
  });
});

describe('linux store reader', () => {
  it('reads the first distribution bundle that exists', async () => {
    expect(LINUX_SYSTEM_BUNDLES[0]).toBe('/etc/ssl/certs/ca-certificates.crt');
    const roots = await readFirstBundle(['/nonexistent/a.crt', `${FIXTURES}debian12-ca-certificates.crt`]);
    expect(roots.source).toBe(`${FIXTURES}debian12-ca-certificates.crt`);
    expect(roots.ders).toHaveLength(142);
  });

  it('says "none" when no candidate exists', async () => {
    expect(await readFirstBundle(['/nonexistent/a.crt'])).toEqual({ source: 'none', ders: [] });
  });
});
