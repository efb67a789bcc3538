// Owners from where a file sits and what its package says about itself; and a copy whose contents
// differ from its version label is judged by its contents.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../../src-main/core/context.ts';
import { detectOwner } from '../../../../src-main/core/bundles/owner.ts';
import { judgeFile } from '../../../../src-main/core/bundles/verdict.ts';
import { FIXTURES } from '../../../helpers/cli.ts';

const base = mkdtempSync(join(tmpdir(), 'trustfix-owner-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function put(rel: string, content = 'x'): string {
  const p = join(base, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

describe('detectOwner', () => {
  it('reads versions from the package files, else from the dist-info folder', async () => {
    put('a/site-packages/certifi/__init__.py', '__version__ = "2024.07.04"\n');
    expect(await detectOwner(put('a/site-packages/certifi/cacert.pem'))).toEqual({
      kind: 'certifi',
      version: '2024.07.04',
    });
    mkdirSync(join(base, 'b/site-packages/certifi-2023.7.22.dist-info'), { recursive: true });
    expect(await detectOwner(put('b/site-packages/certifi/cacert.pem'))).toEqual({
      kind: 'certifi',
      version: '2023.7.22',
    });
    put('c/site-packages/pip/__init__.py', '__version__ = "24.2"\n');
    put('c/site-packages/pip/_vendor/certifi/__init__.py', '__version__ = "2024.07.04"\n');
    expect(await detectOwner(put('c/site-packages/pip/_vendor/certifi/cacert.pem'))).toEqual({
      kind: 'pip',
      version: '24.2',
      certifiVersion: '2024.07.04',
    });
    put('d/site-packages/requests/__version__.py', "__version__ = '2.9.1'\n");
    expect(await detectOwner(put('d/site-packages/requests/cacert.pem'))).toEqual({
      kind: 'requests',
      version: '2.9.1',
    });
    mkdirSync(join(base, 'e/site-packages/botocore-1.34.0.dist-info'), { recursive: true });
    expect(await detectOwner(put('e/site-packages/botocore/cacert.pem'))).toEqual({
      kind: 'botocore',
      version: '1.34.0',
    });
  });

  it('names conda, Git, curl, the python.org framework, Homebrew, SDKs, the system', async () => {
    mkdirSync(join(base, 'envs/x/conda-meta'), { recursive: true });
    expect(await detectOwner(put('envs/x/ssl/cacert.pem'))).toEqual({ kind: 'conda' });
    expect(await detectOwner('C:\\Users\\a\\miniconda3\\Library\\ssl\\cacert.pem')).toEqual({ kind: 'conda' });
    expect(await detectOwner('C:\\Program Files\\Git\\mingw64\\etc\\ssl\\certs\\ca-bundle.crt')).toEqual({
      kind: 'git',
    });
    expect(await detectOwner('C:\\tools\\curl\\bin\\curl-ca-bundle.crt')).toEqual({ kind: 'curl' });
    expect(await detectOwner('/Library/Frameworks/Python.framework/Versions/3.12/etc/openssl/cert.pem')).toEqual({
      kind: 'python-framework',
      version: '3.12',
    });
    expect(await detectOwner('/opt/homebrew/etc/openssl@3/cert.pem')).toEqual({ kind: 'homebrew' });
    expect(await detectOwner('/usr/local/etc/openssl@3/cert.pem')).toEqual({ kind: 'homebrew' });
    expect(await detectOwner('/usr/lib/google-cloud-sdk/lib/third_party/certifi/cacert.pem')).toMatchObject({
      kind: 'certifi',
      within: 'Google Cloud SDK',
    });
    expect(await detectOwner('/opt/az/lib/python3.11/site-packages/certifi/cacert.pem')).toMatchObject({
      kind: 'certifi',
      within: 'Azure CLI',
    });
    expect(await detectOwner(put('lib/httplib2/cacerts.txt'))).toEqual({ kind: 'sdk', name: 'httplib2' });
    expect(await detectOwner('/etc/ssl/certs/ca-certificates.crt')).toEqual({ kind: 'system' });
    expect(await detectOwner('C:\\Windows\\System32\\curl-ca-bundle.crt')).toEqual({ kind: 'curl' });
    expect(await detectOwner('/home/a/projects/x/cert.pem')).toEqual({ kind: 'unknown' });
  });
});

describe('label versus contents', () => {
  it('judges a certifi labelled old but refreshed as current, and one labelled new but old inside as stale', async () => {
    const ctx = await createContext({
      referenceFile: `${FIXTURES}certifi-2026.05.20.pem`,
      systemStoreFile: `${FIXTURES}certifi-2026.05.20.pem`,
      at: new Date('2026-06-01'),
    });
    put('old/site-packages/certifi/__init__.py', '__version__ = "2016.02.28"\n');
    const refreshed = join(base, 'old/site-packages/certifi/cacert.pem');
    copyFileSync(`${FIXTURES}certifi-2026.05.20.pem`, refreshed);
    const a = await judgeFile(refreshed, ctx);
    expect(a.owner).toEqual({ kind: 'certifi', version: '2016.02.28' });
    expect(a.status).toBe('current');

    put('new/site-packages/certifi/__init__.py', '__version__ = "2026.05.20"\n');
    const downgraded = join(base, 'new/site-packages/certifi/cacert.pem');
    copyFileSync(`${FIXTURES}certifi-2016.02.28.pem`, downgraded);
    const b = await judgeFile(downgraded, ctx);
    expect(b.owner).toEqual({ kind: 'certifi', version: '2026.05.20' });
    expect(b.status).toBe('stale');
    expect(b.missing).toBeGreaterThan(0);
  });
});
