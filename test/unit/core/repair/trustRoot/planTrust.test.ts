// `trust ROOT` per client (issue 13, "Fixed once, everywhere"): the exact line each client's settings
// file gets (every other byte kept), the route each planner takes for a client as found (versions, the
// OS store, overriding variables), and that no plan, step or settings write ever turns verification
// off. Clients here are records as clients/ discovery returns them; files live in a folder the test owns.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolClient } from '../../../../../src-main/core/clients/types.ts';
import { createContext } from '../../../../../src-main/core/context.ts';
import { linuxClientPlaces, win32ClientPlaces } from '../../../../../src-main/core/platform/clientPlaces.ts';
import type { ClientPlaces } from '../../../../../src-main/core/platform/types.ts';
import { planForJson, type FileChange } from '../../../../../src-main/core/repair/action.ts';
import type { PlanContext } from '../../../../../src-main/core/repair/planContext.ts';
import type { ToolAnswer, ToolPlanContext } from '../../../../../src-main/core/repair/trustRoot/common.ts';
import {
  setAwsConfig,
  setCondarc,
  setCurlrcCacert,
  setGitConfig,
  setNpmrc,
  setPoetryCert,
  setTomlTopLevel,
} from '../../../../../src-main/core/repair/trustRoot/configEdit.ts';
import { checkAddedLines, FORBIDDEN, forbiddenIn } from '../../../../../src-main/core/repair/trustRoot/forbidden.ts';
import { planAws, planConda, planPoetry, planUv } from '../../../../../src-main/core/repair/trustRoot/planPackaging.ts';
import { planCurl, planGit, planNode, planNpm } from '../../../../../src-main/core/repair/trustRoot/planTools.ts';
import { planTrust, selectTrust } from '../../../../../src-main/core/repair/trustRoot/planTrust.ts';
import { rootOf, type TrustRoot } from '../../../../../src-main/core/repair/trustRoot/root.ts';
import { derOf, makeCert } from '../../../../helpers/checkPki.ts';
import { tempDir } from '../../../../helpers/tmp.ts';

describe('settings file edits keep every other byte', () => {
  it('curl: cacert appended, or the last cacert line replaced in place', () => {
    expect(setCurlrcCacert('', '/d/curl-ca.pem')).toBe(
      '# TrustFix (`trustfix history`): the CA bundle curl verifies servers with\ncacert = "/d/curl-ca.pem"\n',
    );
    expect(setCurlrcCacert('silent\r\n--cacert /old.pem\r\nproxy = x\r\n', 'C:\\d\\ca.pem')).toBe(
      'silent\r\ncacert = "C:\\\\d\\\\ca.pem"\r\nproxy = x\r\n',
    );
    expect(setCurlrcCacert('cacert=/a\ncacert "/b"', '/c')).toBe('cacert=/a\ncacert = "/c"');
    expect(setCurlrcCacert('user-agent = "x"', '/c')).toBe(
      'user-agent = "x"\n# TrustFix (`trustfix history`): the CA bundle curl verifies servers with\ncacert = "/c"\n',
    );
  });

  it('git: the [http] section (any case) gets the key; a URL subsection is left alone', () => {
    expect(setGitConfig('', 'http', 'sslCAInfo', '/d/git-ca.pem')).toBe('[http]\n\tsslCAInfo = "/d/git-ca.pem"\n');
    const old = '[user]\n\tname = A\n[http "https://x/"]\n\tsslCAInfo = /x.pem\n[HTTP]\n\tproxy = p\n';
    expect(setGitConfig(old, 'http', 'sslCAInfo', '/n.pem')).toBe(
      '[user]\n\tname = A\n[http "https://x/"]\n\tsslCAInfo = /x.pem\n[HTTP]\n\tsslCAInfo = "/n.pem"\n\tproxy = p\n',
    );
    expect(setGitConfig('[http]\n\tsslcainfo = /old\n', 'http', 'sslCAInfo', '/n')).toBe(
      '[http]\n\tsslCAInfo = "/n"\n',
    );
  });

  it('npm, uv, poetry, conda, AWS', () => {
    expect(setNpmrc('registry=https://r/\n[scope]\ncafile=/x\n', 'cafile', '/d/npm.pem')).toBe(
      'registry=https://r/\n[scope]\ncafile=/x\ncafile=/d/npm.pem\n',
    );
    expect(setNpmrc('cafile = /old\nfoo=1', 'cafile', 'C:\\a b\\c.pem')).toBe('cafile="C:\\\\a b\\\\c.pem"\nfoo=1');
    expect(setTomlTopLevel('', 'system-certs', 'true')).toBe('system-certs = true\n');
    expect(setTomlTopLevel('offline = true\n[pip]\nindex-url = "x"\n', 'system-certs', 'true')).toBe(
      'offline = true\nsystem-certs = true\n[pip]\nindex-url = "x"\n',
    );
    expect(setTomlTopLevel('[pip]\nx = 1\n', 'native-tls', 'true')).toBe('native-tls = true\n\n[pip]\nx = 1\n');
    expect(setTomlTopLevel('system-certs = false\n', 'system-certs', 'true')).toBe('system-certs = true\n');
    expect(setPoetryCert('[virtualenvs]\nin-project = true\n', 'corp', '/d/p.pem')).toBe(
      '[virtualenvs]\nin-project = true\n\n[certificates.corp]\ncert = "/d/p.pem"\n',
    );
    expect(setPoetryCert('[certificates.corp]\ncert = "/old"\nclient-cert = "/c"\n', 'corp', '/n')).toBe(
      '[certificates.corp]\ncert = "/n"\nclient-cert = "/c"\n',
    );
    expect(setCondarc('channels:\n  - defaults\nssl_verify: true\n', 'ssl_verify', 'truststore')).toBe(
      'channels:\n  - defaults\nssl_verify: truststore\n',
    );
    expect(setCondarc('', 'ssl_verify', "/home/o'k/c.pem")).toBe("ssl_verify: '/home/o''k/c.pem'\n");
    expect(() => setCondarc('ssl_verify:\n  - a\n', 'ssl_verify', 'x')).toThrow();
    expect(setAwsConfig('[default]\nregion = eu\n[profile dev]\nregion = us\n', 'dev', 'ca_bundle', '/d/aws.pem')).toBe(
      '[default]\nregion = eu\n[profile dev]\nca_bundle = /d/aws.pem\nregion = us\n',
    );
    expect(setAwsConfig('', 'default', 'ca_bundle', '/a')).toBe('[default]\nca_bundle = /a\n');
  });
});

describe('nothing that turns verification off', () => {
  it('each forbidden setting is recognised by name', () => {
    for (const s of [
      'pip install --trusted-host x',
      'uv --allow-insecure-host x',
      'requests.get(u, verify=False)',
      'NODE_TLS_REJECT_UNAUTHORIZED=0',
      'ssl_verify: false',
      'git config http.sslVerify false',
      '[http]\n\tsslVerify = false',
      'insecure',
      '--insecure',
      'strict-ssl=false',
    ]) {
      expect(forbiddenIn(s), s).not.toBeNull();
    }
    expect(forbiddenIn('ssl_verify: truststore\ncacert = "/x"\nsystem-certs = true')).toBeNull();
    expect(() => checkAddedLines('a\n', 'a\nssl_verify: false\n')).toThrow(/wouldWeaken/);
    // The user's own lines are theirs: kept, never the reason for a refusal.
    expect(() => checkAddedLines('insecure\n', 'insecure\ncacert = "/x"\n')).not.toThrow();
  });
});

describe('per-client planners', () => {
  const tmp = tempDir();
  const home = join(tmp.dir, 'home');
  const data = join(tmp.dir, 'data');
  const proxyRoot = makeCert({ cn: 'Corp Inspection Root', org: 'Corp', ca: true, to: 3650 });
  const other = makeCert({ cn: 'Already Extra Root', ca: true, to: 3650 });
  const defaultBundle = join(tmp.dir, 'default-ca.pem');
  const defaultBytes = `${rootCertificates.slice(0, 5).join('\n')}\n`;
  const written: string[] = [];
  let base: (inStore: boolean) => Promise<{ pc: PlanContext; root: TrustRoot }>;

  beforeAll(() => {
    mkdirSync(home, { recursive: true });
    mkdirSync(data, { recursive: true });
    writeFileSync(defaultBundle, defaultBytes);
    const storeWith = join(tmp.dir, 'store-with.pem');
    const storeWithout = join(tmp.dir, 'store-without.pem');
    writeFileSync(storeWith, `${defaultBytes}${proxyRoot.pem}`);
    writeFileSync(storeWithout, defaultBytes);
    base = async (inStore) => {
      const ctx = await createContext({ systemStoreFile: inStore ? storeWith : storeWithout });
      const pc: PlanContext = {
        ctx,
        dataDir: data,
        findings: new Set(),
        who: 'test',
        now: new Date('2026-01-02T03:04:05Z'),
        os: 'linux',
        home,
      };
      return { pc, root: rootOf(ctx, derOf(proxyRoot), 'file', '/proxy.pem') };
    };
  });
  afterAll(() => tmp.cleanup());

  const tool = (name: ToolClient['name'], extra: Partial<ToolClient> = {}): ToolClient => ({
    id: `cl-${name}`,
    name,
    executable: `/usr/bin/${name}`,
    foundBy: ['PATH'],
    trust: { kind: 'file', sources: [{ kind: 'file', path: defaultBundle, role: 'default' }] },
    settings: [],
    configFiles: [],
    ...extra,
  });
  const ctxFor = async (
    inStore: boolean,
    env: Record<string, string> = {},
    places: ClientPlaces = linuxClientPlaces,
    all: ToolClient[] = [],
  ): Promise<ToolPlanContext> => {
    const { pc, root } = await base(inStore);
    return { pc, root, env: { HOME: home, ...env }, places, all };
  };
  const files = (a: ToolAnswer): FileChange[] =>
    (a.action?.changes ?? []).filter((c): c is FileChange => c.type === 'file');
  const text = (a: ToolAnswer, path: string): string => {
    const c = files(a).find((f) => f.path === path);
    expect(c, `a change to ${path}`).toBeDefined();
    written.push(c!.content!.toString());
    return c!.content!.toString();
  };

  it('curl: a merged bundle (its default file + the root) named by cacert in ~/.curlrc', async () => {
    const a = await planCurl(await ctxFor(false), tool('curl'));
    expect(a.status).toBe('planned');
    expect(a.route).toBe('curlrc-cacert');
    const merged = join(data, 'trust', 'curl-ca.pem');
    const bundle = text(a, merged);
    expect(bundle.startsWith(defaultBytes)).toBe(true); // what curl trusts today, byte for byte
    expect(bundle).toContain('# ---- TrustFix: begin added certificate ----');
    expect(bundle).toContain(
      `# sha256: ${createHash('sha256').update(derOf(proxyRoot)).digest('hex')}\n-----BEGIN CERTIFICATE-----`,
    );
    expect(text(a, join(home, '.curlrc'))).toContain(`cacert = "${merged}"`);
    expect(files(a).find((f) => f.path === join(home, '.curlrc'))!.before).toBeNull(); // new: undo removes it
    expect(a.action!.checks).toContainEqual({
      kind: 'file-has-certificate',
      path: merged,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('curl that already trusts the root, and a Schannel curl, change nothing', async () => {
    const withRoot = join(tmp.dir, 'with-root.pem');
    writeFileSync(withRoot, `${defaultBytes}${proxyRoot.pem}`);
    expect(
      (
        await planCurl(
          await ctxFor(false),
          tool('curl', { trust: { kind: 'file', sources: [{ kind: 'file', path: withRoot, role: 'default' }] } }),
        )
      ).status,
    ).toBe('already');
    const schannel = tool('curl', { trust: { kind: 'os-store', sources: [{ kind: 'os-store', role: 'default' }] } });
    expect((await planCurl(await ctxFor(false), schannel)).status).toBe('needs-os-store');
    expect((await planCurl(await ctxFor(true), schannel)).status).toBe('already');
  });

  it('git: http.sslCAInfo in the global file git --global writes; GIT_SSL_CAINFO wins over any file', async () => {
    const gitconfig = join(tmp.dir, 'gitconfig-global');
    writeFileSync(gitconfig, '[user]\n\tname = Me\n');
    const a = await planGit(await ctxFor(false, { GIT_CONFIG_GLOBAL: gitconfig }), tool('git'));
    expect(a.route).toBe('git-sslcainfo');
    const merged = join(data, 'trust', 'git-ca.pem');
    expect(text(a, gitconfig)).toBe(`[user]\n\tname = Me\n[http]\n\tsslCAInfo = "${merged}"\n`);
    expect(a.action!.checks).toContainEqual({
      kind: 'command-value',
      run: { file: '/usr/bin/git', args: ['config', '--global', '--get', 'http.sslCAInfo'] },
      decode: 'line',
      expect: merged,
    });
    const steered = tool('git', {
      trust: {
        kind: 'file',
        sources: [{ kind: 'file', path: defaultBundle, role: 'override' }],
        steeredBy: { setting: 'GIT_SSL_CAINFO', where: { kind: 'env', name: 'GIT_SSL_CAINFO' } },
      },
    });
    const o = await planGit(await ctxFor(false), steered);
    expect(o.status).toBe('overridden');
    expect(o.action).toBeUndefined();
    // Git for Windows with the root in the Windows store: the Schannel backend, no bundle.
    const w = await planGit(await ctxFor(true, { GIT_CONFIG_GLOBAL: gitconfig }, win32ClientPlaces), tool('git'));
    expect(w.route).toBe('git-schannel');
    expect(text(w, gitconfig)).toContain('\tsslBackend = "schannel"\n');
  });

  it('node: NODE_USE_SYSTEM_CA=1 where this node reads it and the store has the root, else NODE_EXTRA_CA_CERTS keeping the current extra file', async () => {
    const nodeTool = (version: string, extra?: string) =>
      tool('node', {
        version,
        trust: {
          kind: 'bundled',
          sources: [
            { kind: 'bundled', role: 'default', count: 140 },
            ...(extra ? [{ kind: 'file' as const, path: extra, role: 'extra' as const }] : []),
          ],
        },
      });
    const sys = await planNode(await ctxFor(true), nodeTool('24.6.0'));
    expect(sys.route).toBe('node-use-system-ca');
    expect(text(sys, join(data, 'env.sh'))).toContain("export NODE_USE_SYSTEM_CA='1'");
    for (const old of ['22.18.0', '23.11.0', '24.5.0', '20.19.0'])
      expect((await planNode(await ctxFor(true), nodeTool(old))).route, old).toBe('node-extra-ca-certs');
    const extra = join(tmp.dir, 'corp-extra.pem');
    writeFileSync(extra, other.pem);
    const e = await planNode(await ctxFor(false), nodeTool('24.6.0', extra));
    expect(e.route).toBe('node-extra-ca-certs');
    const file = join(data, 'trust', 'node-extra-ca.pem');
    expect(text(e, file).startsWith(other.pem)).toBe(true);
    expect(text(e, join(data, 'env.sh'))).toContain(`export NODE_EXTRA_CA_CERTS='${file}'`);
    expect(text(e, join(home, '.profile'))).toContain('. ');
  });

  it("npm: cafile = node's own roots + extras + the root (cafile replaces npm's defaults)", async () => {
    const node = tool('node', {
      executable: process.execPath,
      trust: { kind: 'bundled', sources: [{ kind: 'bundled', role: 'default' }] },
    });
    const npm = tool('npm', { trust: { kind: 'bundled', sources: [{ kind: 'bundled', role: 'default' }] } });
    const a = await planNpm(await ctxFor(false, {}, linuxClientPlaces, [node, npm]), npm);
    expect(a.route).toBe('npmrc-cafile');
    const merged = join(data, 'trust', 'npm-ca.pem');
    const bundle = text(a, merged);
    for (const r of rootCertificates.slice(0, 3)) expect(bundle).toContain(r.trim());
    expect(text(a, join(home, '.npmrc'))).toBe(`cafile=${merged}\n`);
    expect(a.action!.checks).toContainEqual({
      kind: 'command-value',
      run: { file: '/usr/bin/npm', args: ['config', 'get', 'cafile'] },
      decode: 'line',
      expect: merged,
    });
    const inline = tool('npm', {
      settings: [{ name: 'ca', value: '-----BEGIN', where: { kind: 'file', path: '/x/.npmrc' }, effect: 'wins' }],
    });
    expect((await planNpm(await ctxFor(false), inline)).status).toBe('refused');
  });

  it('uv: system-certs from 0.11.9, native-tls before; never SSL_CERT_FILE; only with the root in the OS store', async () => {
    const uv = (version: string) =>
      tool('uv', { version, trust: { kind: 'bundled', sources: [{ kind: 'bundled', role: 'default' }] } });
    const toml = join(home, '.config', 'uv', 'uv.toml');
    const a = await planUv(await ctxFor(true), uv('0.11.12'));
    expect(a.route).toBe('uv-system-certs');
    expect(text(a, toml)).toBe('system-certs = true\n');
    expect(files(a)[0]!.makeDirs).toEqual([join(home, '.config'), join(home, '.config', 'uv')]);
    expect(text(await planUv(await ctxFor(true), uv('0.5.31')), toml)).toBe('native-tls = true\n');
    const none = await planUv(await ctxFor(false), uv('0.11.12'));
    expect(none.status).toBe('needs-os-store');
    expect(none.action).toBeUndefined();
  });

  it('conda: truststore for conda >= 23.9 on Python >= 3.10 with the root in the store; a merged file otherwise or beside mamba', async () => {
    const prefix = join(tmp.dir, 'miniconda');
    mkdirSync(join(prefix, 'conda-meta'), { recursive: true });
    mkdirSync(join(prefix, 'bin'), { recursive: true });
    writeFileSync(join(prefix, 'conda-meta', 'python-3.12.4-h5148396_1.json'), '{}');
    const conda = (version: string) => tool('conda', { version, executable: join(prefix, 'bin', 'conda') });
    const rc = join(home, '.condarc');
    const t1 = await planConda(await ctxFor(true), [conda('24.7.1')]);
    expect(t1.route).toBe('condarc-truststore');
    expect(text(t1, rc)).toBe('ssl_verify: truststore\n');
    expect(t1.action!.checks).toContainEqual({
      kind: 'command-output',
      run: { file: join(prefix, 'bin', 'conda'), args: ['config', '--show', 'ssl_verify'] },
      expect: 'ssl_verify: truststore',
    });
    const merged = join(data, 'trust', 'conda-ca.pem');
    for (const [inStore, version, clients] of [
      [false, '24.7.1', [conda('24.7.1')]],
      [true, '23.7.4', [conda('23.7.4')]],
      [true, '24.7.1', [conda('24.7.1'), tool('mamba')]],
    ] as const) {
      const f = await planConda(await ctxFor(inStore), [...clients]);
      expect(f.route, `${inStore} ${version} ${clients.length}`).toBe('condarc-file');
      expect(text(f, rc)).toBe(`ssl_verify: ${merged}\n`);
    }
    const later = conda('24.7.1');
    later.settings = [
      { name: 'ssl_verify', value: '/x.pem', where: { kind: 'env', name: 'CONDA_SSL_VERIFY' }, effect: 'wins' },
    ];
    expect((await planConda(await ctxFor(true), [later])).status).toBe('overridden');
    const requestsVar = tool('conda', {
      version: '24.7.1',
      executable: join(prefix, 'bin', 'conda'),
      trust: {
        kind: 'file',
        sources: [{ kind: 'file', path: defaultBundle, role: 'override' }],
        steeredBy: { setting: 'REQUESTS_CA_BUNDLE', where: { kind: 'env', name: 'REQUESTS_CA_BUNDLE' } },
      },
    });
    expect((await planConda(await ctxFor(true), [requestsVar])).reasons[0]?.params?.variable).toBe(
      'REQUESTS_CA_BUNDLE',
    );
  });

  it('poetry: per configured source; none configured: nothing to set', async () => {
    const cfg = join(home, '.config', 'pypoetry', 'config.toml');
    const p = tool('poetry', {
      settings: [
        {
          name: 'repositories.corp.url',
          value: 'https://pypi.corp/simple',
          where: { kind: 'file', path: cfg },
          effect: 'wins',
        },
      ],
    });
    const a = await planPoetry(await ctxFor(false), p);
    expect(a.route).toBe('poetry-cert');
    expect(text(a, cfg)).toBe(`[certificates.corp]\ncert = "${join(data, 'trust', 'poetry-corp-ca.pem')}"\n`);
    expect((await planPoetry(await ctxFor(false), tool('poetry'))).status).toBe('no-setting');
  });

  it('AWS: ca_bundle under the active profile; AWS_CA_BUNDLE wins over the file', async () => {
    const a = await planAws(await ctxFor(false, { AWS_PROFILE: 'dev' }), [
      tool('aws'),
      tool('botocore', { executable: '/venv/lib/python3.12/site-packages/botocore' }),
    ]);
    expect(a.clients.map((c) => c.name)).toEqual(['aws', 'botocore']);
    expect(text(a, join(home, '.aws', 'config'))).toBe(
      `[profile dev]\nca_bundle = ${join(data, 'trust', 'aws-ca.pem')}\n`,
    );
    const steered = tool('aws', {
      trust: {
        kind: 'file',
        sources: [{ kind: 'file', path: defaultBundle, role: 'override' }],
        steeredBy: { setting: 'AWS_CA_BUNDLE', where: { kind: 'env', name: 'AWS_CA_BUNDLE' } },
      },
    });
    expect((await planAws(await ctxFor(false), [steered])).status).toBe('overridden');
  });

  it('one plan for every client, ticked by client; no plan, step or settings write turns verification off', async () => {
    const { pc, root } = await base(true);
    const gitconfig = join(tmp.dir, 'gitconfig-all');
    const env = { HOME: home, GIT_CONFIG_GLOBAL: gitconfig, PATH: process.env.PATH ?? '' };
    const node = tool('node', {
      executable: process.execPath,
      version: '22.12.0',
      trust: { kind: 'bundled', sources: [{ kind: 'bundled', role: 'default' }] },
    });
    const tools = [
      tool('curl'),
      tool('git'),
      node,
      tool('npm', { trust: { kind: 'bundled', sources: [{ kind: 'bundled', role: 'default' }] } }),
      tool('uv', { version: '0.11.12', trust: { kind: 'bundled', sources: [{ kind: 'bundled', role: 'default' }] } }),
      tool('conda', { version: '23.1.0' }),
      tool('aws'),
    ];
    const tp = await planTrust({ pc, root, tools, pythons: [], known: [], env, places: linuxClientPlaces });
    expect(tp.clients.map((r) => `${r.client}:${r.status}:${r.route}`)).toEqual([
      'curl:planned:curlrc-cacert',
      'git:planned:git-sslcainfo',
      'node:planned:node-extra-ca-certs',
      'npm:planned:npmrc-cafile',
      'uv:planned:uv-system-certs',
      'conda:planned:condarc-file',
      'aws:planned:aws-ca-bundle',
    ]);
    expect(tp.plan.actions.map((a) => a.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7']);
    // Everything shown and everything written, greped for what turns verification off.
    const all = [
      JSON.stringify(planForJson(tp.plan)),
      ...tp.plan.actions.flatMap((a) =>
        a.changes.map((c) => (c.type === 'file' ? (c.content?.toString() ?? '') : JSON.stringify(c))),
      ),
    ].join('\n');
    for (const [re, name] of FORBIDDEN) expect(re.test(all), name).toBe(false);
    const picked = selectTrust(tp, { skip: ['npm', 'uv'] });
    expect(picked.plan.actions.map((a) => a.id)).toEqual(['a1', 'a2', 'a3', 'a6', 'a7']);
    expect(picked.clients.filter((r) => r.status === 'skipped').map((r) => r.client)).toEqual(['npm', 'uv']);
    expect(selectTrust(tp, { only: ['git'] }).plan.actions.map((a) => a.where)).toEqual([gitconfig]);
    expect(readFileSync(defaultBundle, 'utf8')).toBe(defaultBytes); // planning writes nothing
    for (const w of written) expect(forbiddenIn(w)).toBeNull();
  });
});
