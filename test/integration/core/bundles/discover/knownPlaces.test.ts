// Known places: the pattern language, each OS's table on a fake disk, the configured CA files, and
// `trustfix scan --no-disk --json` on this machine's pyenv interpreters.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredFiles, iniValues } from '../../../../../src-main/core/bundles/discover/configured.ts';
import { knownPlaceFiles } from '../../../../../src-main/core/bundles/discover/discover.ts';
import { KNOWN_PLACES } from '../../../../../src-main/core/bundles/discover/knownPlaces.ts';
import { expandBraces, PatternMatcher, substitute } from '../../../../../src-main/core/bundles/discover/patterns.ts';
import type { ScanReport } from '../../../../../src-main/core/bundles/scanReport.ts';
import { trustfix } from '../../../../helpers/cli.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fakeDisk(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'trustfix-known-'));
  made.push(root);
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), 'x');
  }
  return root;
}

describe('pattern language', () => {
  it('expands choices, nested and spanning folders', () => {
    expect(expandBraces('a/{b,c/d}/e')).toEqual(['a/b/e', 'a/c/d/e']);
    expect(expandBraces('lib{,64}/{python,pypy}*')).toEqual([
      'lib/python*',
      'lib/pypy*',
      'lib64/python*',
      'lib64/pypy*',
    ]);
    expect(expandBraces('{x,{y,z}}w')).toEqual(['xw', 'yw', 'zw']);
  });

  it('fills in ~ and ${VAR}, and drops a pattern whose variable is unset', () => {
    const env = { home: '/home/u', env: { ProgramFiles: 'C:\\Program Files' }, caseInsensitive: true };
    expect(substitute('~/.pyenv', env)).toBe('/home/u/.pyenv');
    expect(substitute('${PROGRAMFILES}/Git', env)).toBe('C:/Program Files/Git');
    expect(substitute('${LOCALAPPDATA}/Programs', env)).toBeUndefined();
  });

  it('every known place states its source', () => {
    for (const [os, places] of Object.entries(KNOWN_PLACES)) {
      expect(places.length, os).toBeGreaterThan(10);
      for (const p of places) expect(p.source.length, p.pattern).toBeGreaterThan(10);
    }
  });
});

describe('known places on a fake disk', () => {
  it('Windows: Git for Windows, python.org per-user Python, conda Library/ssl, Store Python (names in any case)', async () => {
    const disk = fakeDisk([
      'PF/Git/mingw64/etc/ssl/certs/ca-bundle.crt',
      'LAD/Programs/Python/Python312/Lib/site-packages/certifi/cacert.pem',
      'LAD/Programs/Python/Python312/Lib/site-packages/pip/_vendor/certifi/cacert.pem',
      'home/miniconda3/Library/ssl/cacert.pem',
      'home/miniconda3/envs/ml/Library/ssl/cacert.pem',
      'LAD/Packages/PythonSoftwareFoundation.Python.3.11_qbz5n2kfra8p0/LocalCache/local-packages/Python311/site-packages/botocore/cacert.pem',
      'LAD/Programs/Python/Python312/Lib/site-packages/certifi/other.pem',
    ]);
    const env = { ProgramFiles: join(disk, 'PF'), LOCALAPPDATA: join(disk, 'LAD') };
    const found = (await knownPlaceFiles('win32', join(disk, 'home'), env)).map((p) => p.slice(disk.length + 1)).sort();
    expect(found).toEqual([
      'LAD/Packages/PythonSoftwareFoundation.Python.3.11_qbz5n2kfra8p0/LocalCache/local-packages/Python311/site-packages/botocore/cacert.pem',
      'LAD/Programs/Python/Python312/Lib/site-packages/certifi/cacert.pem',
      'LAD/Programs/Python/Python312/Lib/site-packages/pip/_vendor/certifi/cacert.pem',
      'PF/Git/mingw64/etc/ssl/certs/ca-bundle.crt',
      'home/miniconda3/Library/ssl/cacert.pem',
      'home/miniconda3/envs/ml/Library/ssl/cacert.pem',
    ]);
  });

  it('Unix home: pyenv, pyenv-virtualenv, user site, pipx, conda envs', async () => {
    const disk = fakeDisk([
      '.pyenv/versions/3.8.18/lib/python3.8/site-packages/certifi/cacert.pem',
      '.pyenv/versions/3.8.18/envs/proj/lib/python3.8/site-packages/requests/cacert.pem',
      '.local/lib/python3.11/site-packages/certifi/cacert.pem',
      '.local/share/pipx/venvs/awscli/lib/python3.12/site-packages/botocore/cacert.pem',
      'miniforge3/ssl/cacert.pem',
      'miniforge3/envs/a/ssl/cacert.pem',
      'miniforge3/envs/a/lib/python3.10/site-packages/certifi/cacert.pem',
    ]);
    const matcher = new PatternMatcher({ home: disk, env: {}, caseInsensitive: false });
    const lists = await Promise.all(
      KNOWN_PLACES.linux
        .filter((p) => p.pattern.startsWith('~') || p.pattern.startsWith('{~'))
        .map((p) => matcher.match(p.pattern)),
    );
    expect([...new Set(lists.flat())].map((p) => p.slice(disk.length + 1)).sort()).toEqual([
      '.local/lib/python3.11/site-packages/certifi/cacert.pem',
      '.local/share/pipx/venvs/awscli/lib/python3.12/site-packages/botocore/cacert.pem',
      '.pyenv/versions/3.8.18/envs/proj/lib/python3.8/site-packages/requests/cacert.pem',
      '.pyenv/versions/3.8.18/lib/python3.8/site-packages/certifi/cacert.pem',
      'miniforge3/envs/a/lib/python3.10/site-packages/certifi/cacert.pem',
      'miniforge3/envs/a/ssl/cacert.pem',
      'miniforge3/ssl/cacert.pem',
    ]);
  });
});

describe('configured CA files', () => {
  it('reads INI values by section', () => {
    const pip = '[global]\nindex-url = https://x\ncert = /etc/corp.pem\n[install]\ncert: "/opt/other.pem"\n';
    expect(iniValues(pip, 'cert', (s) => s === 'global' || s === 'install')).toEqual([
      '/etc/corp.pem',
      '/opt/other.pem',
    ]);
    const git =
      '[http]\n\tsslCAInfo = /etc/git-ca.pem\n[http "https://corp.example"]\n\tsslcainfo = ~/corp.pem\n[core]\n\tsslCAInfo = /nope\n';
    expect(iniValues(git, 'sslCAInfo', (s) => /^http(\s+".*")?$/i.test(s))).toEqual(['/etc/git-ca.pem', '~/corp.pem']);
  });

  it('collects the environment and pip, npm, git, conda and AWS configuration', async () => {
    const home = fakeDisk([]);
    writeFileSync(join(home, '.gitconfig'), '[http]\n  sslCAInfo = ~/git-ca.pem\n');
    writeFileSync(join(home, '.npmrc'), 'cafile=/opt/npm-ca.pem\n');
    writeFileSync(join(home, '.condarc'), 'channels: [defaults]\nssl_verify: /opt/conda-ca.pem\n');
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[default]\nca_bundle = /opt/aws-ca.pem\n');
    writeFileSync(join(home, 'pip.conf'), '[global]\ncert = /opt/pip-ca.pem\n');
    const env = {
      SSL_CERT_FILE: '/opt/ssl.pem',
      PIP_CONFIG_FILE: join(home, 'pip.conf'),
      XDG_CONFIG_HOME: join(home, 'xdg'),
      XDG_CONFIG_DIRS: join(home, 'xdg-dirs'),
    };
    const found = (await configuredFiles('linux', home, env)).filter(
      (c) => !c.by.includes(':/etc/') && !c.by.includes(':/usr/') && !c.by.includes(':/opt/conda'),
    );
    expect(found).toEqual([
      { path: '/opt/ssl.pem', by: 'SSL_CERT_FILE' },
      { path: '/opt/pip-ca.pem', by: `pip:${join(home, 'pip.conf')}` },
      { path: join(home, 'git-ca.pem'), by: `gitconfig:${join(home, '.gitconfig')}` },
      { path: '/opt/npm-ca.pem', by: `npmrc:${join(home, '.npmrc')}` },
      { path: '/opt/conda-ca.pem', by: `condarc:${join(home, '.condarc')}` },
      { path: '/opt/aws-ca.pem', by: `aws:${join(home, '.aws', 'config')}` },
    ]);
  });
});

// What this image's pyenv interpreters hold, listed independently of TrustFix's patterns.
function pyenvBundles(): string[] {
  const versions = join(homedir(), '.pyenv', 'versions');
  if (!existsSync(versions)) return [];
  const out: string[] = [];
  for (const v of readdirSync(versions)) {
    const lib = join(versions, v, 'lib');
    for (const py of existsSync(lib) ? readdirSync(lib).filter((n) => n.startsWith('python')) : []) {
      for (const rel of ['certifi/cacert.pem', 'pip/_vendor/certifi/cacert.pem', 'botocore/cacert.pem']) {
        const p = join(lib, py, 'site-packages', rel);
        if (existsSync(p)) out.push(p);
      }
    }
  }
  return out.sort();
}

const pyenv = pyenvBundles();

describe('scan --no-disk on this machine', () => {
  it('finds every pip, certifi and botocore bundle of the ~/.pyenv interpreters, with owners and versions', async (ctx) => {
    ctx.skip(pyenv.length === 0, 'no ~/.pyenv interpreter with a certifi, pip or botocore bundle on this machine');
    const r = await trustfix(['scan', '--no-disk', '--no-pythons', '--json']);
    const report = JSON.parse(r.stdout) as ScanReport;
    const byPath = new Map(report.bundles.map((b) => [b.path, b]));
    for (const p of pyenv) {
      // The report writes the home folder as ~ (the per-machine report, docs/fleet.md).
      expect(p.startsWith(`${homedir()}/`)).toBe(true);
      const b = byPath.get(`~${p.slice(homedir().length)}`);
      expect(b, p).toBeDefined();
      expect(b!.foundBy).toContain('known-place');
      const kind = p.includes('/pip/_vendor/') ? 'pip' : p.includes('/botocore/') ? 'botocore' : 'certifi';
      expect(b!.owner.kind, p).toBe(kind);
      expect(b!.owner.version, p).toMatch(/^\d/);
      if (kind === 'pip') expect(b!.owner.certifiVersion, p).toMatch(/^20\d\d\./);
      expect(['current', 'stale']).toContain(b!.status);
    }
    // Some pyenv versions have certifi only as pip's vendored copy: every version has at least that.
    const versions = new Set(pyenv.map((p) => p.split('/versions/')[1]!.split('/')[0]));
    expect(versions.size).toBeGreaterThan(0);
    const d = report.discovery!;
    expect(d.visited).toBe(0); // no walk
    expect(d.roots).toEqual([]);
    expect(d.knownPlaces).toBeGreaterThanOrEqual(pyenv.length);
  });
});
