// The wizard offers "Trust this root for every tool" exactly when the diagnosis names an intercepting
// proxy, naming its root; the plan shows each tool with the setting it gets. The real components,
// rendered with the app's translator, in English and Chinese.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, DiagnosisRow, TrustPlanView } from '../../../src-main/api/types.ts';
import { setupI18n } from '../../../src-renderer/i18n.ts';
import { interceptedRoot, TrustClients, TrustRootOffer } from '../../../src-renderer/wizard/TrustRoot.tsx';

const ROOT_FP = 'ab'.repeat(32);
const LEAF_FP = 'cd'.repeat(32);

const row = (causeCode: string): DiagnosisRow => ({
  pythonId: 'py-1',
  python: '/venv/bin/python',
  pythonVersion: '3.12.1',
  isVenv: true,
  client: 'requests',
  ok: false,
  causeCode,
  cause: { code: `check:detail.${causeCode}`, params: { vendor: 'Zscaler', root: 'Zscaler Root CA' } },
  notes: [],
  pythonSays: 'CERTIFICATE_VERIFY_FAILED',
  trusts: '/venv/lib/python3.12/site-packages/certifi/cacert.pem',
  path: [LEAF_FP, ROOT_FP],
  repair: 'append',
});

const check = (causeCode: string): CheckResult => ({
  checkId: 'c-1',
  host: 'pypi.org',
  port: 443,
  at: '2026-01-01T00:00:00Z',
  chain: [
    {
      name: 'pypi.org',
      fingerprint: LEAF_FP,
      notAfter: '2027-01-01',
      issuer: 'Zscaler Root CA',
      from: 'server',
      expired: false,
      selfIssued: false,
    },
  ],
  rows: [row(causeCode)],
  unreachable: null,
  interpreterErrors: [],
});

let i18n: ReturnType<typeof setupI18n>;
beforeAll(() => {
  i18n = setupI18n();
});

describe('Trust this root for every tool', () => {
  it('is offered when the cause is an intercepting proxy, and only then', async () => {
    await i18n.changeLanguage('en');
    expect(interceptedRoot(check('intercepted'))).toEqual({ fingerprint: ROOT_FP, name: 'Zscaler Root CA' });
    const html = renderToStaticMarkup(
      <TrustRootOffer check={check('intercepted')} busy={false} onPlan={() => undefined} />,
    );
    expect(html).toContain('Trust this root for every tool');
    expect(html).toContain('Zscaler Root CA');
    expect(html).toContain('abab abab');
    for (const cause of ['missing-root', 'untrusted-root', 'x509-strict', 'hostname-mismatch']) {
      expect(interceptedRoot(check(cause)), cause).toBeNull();
      expect(
        renderToStaticMarkup(<TrustRootOffer check={check(cause)} busy={false} onPlan={() => undefined} />),
        cause,
      ).toBe('');
    }
    await i18n.changeLanguage('zh-CN');
    expect(
      renderToStaticMarkup(<TrustRootOffer check={check('intercepted')} busy={false} onPlan={() => undefined} />),
    ).toContain('让所有工具信任这个根证书');
  });

  it('the plan lists each tool with the setting TrustFix uses, or why none', async () => {
    await i18n.changeLanguage('en');
    const view: TrustPlanView = {
      root: { name: 'Zscaler Root CA', fingerprint: ROOT_FP, inOsStore: true },
      clients: [
        {
          client: 'git',
          executable: '/usr/bin/git',
          version: '2.39.5',
          status: 'planned',
          route: 'git-sslcainfo',
          steps: ['a2'],
          offered: [],
          reasons: [],
        },
        {
          client: 'uv',
          executable: '/usr/bin/uv',
          status: 'planned',
          route: 'uv-system-certs',
          steps: ['a3'],
          offered: [],
          reasons: [],
        },
        {
          client: 'aws',
          executable: '/usr/bin/aws',
          status: 'overridden',
          steps: [],
          offered: [],
          reasons: [{ code: 'trust:reason.envWins', params: { client: 'aws', variable: 'AWS_CA_BUNDLE' } }],
        },
        {
          client: 'urllib',
          executable: '/usr/bin/python3',
          python: '/usr/bin/python3',
          status: 'offered',
          steps: [],
          offered: ['o1'],
          reasons: [],
        },
      ],
    };
    const html = renderToStaticMarkup(<TrustClients view={view} />);
    expect(html).toContain('git http.sslCAInfo');
    expect(html).toContain('uv.toml system-certs');
    expect(html).toContain('AWS_CA_BUNDLE is set in this environment');
    expect(html).toContain('offered, not ticked: o1');
    expect(html).toContain('Setting TrustFix uses');
  });
});
