// Issue 15: the Pythons screen showed TrustFix's internal codes ("set by pip-certifi", "pip>=24.2").
// Every code clients.ts can put in steeredBy, found by driving clientsFor through each branch (the
// probes below), must come out as sentences with a translation in English and in Chinese, never as
// the catch-all that repeats the code.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACES, resources } from '../../../../assets/locales/resources.ts';
import { clientsFor } from '../../../../src-main/core/pythons/clients.ts';
import type { RawProbe } from '../../../../src-main/core/pythons/probeTypes.ts';
import { probe } from '../../../helpers/rawProbe.ts';
import { STEER_CODES, steerWords } from '../../../../src-main/core/pythons/steerWords.ts';

const files = new Set([
  '/etc/ssl/cert.pem',
  '/py/site-packages/certifi/cacert.pem',
  '/py/site-packages/pip/_vendor/certifi/cacert.pem',
  '/corp.pem',
  '/conf.pem',
]);
const exists = (p: string): 'file' | 'dir' | 'none' =>
  files.has(p) ? 'file' : p === '/etc/ssl/certs' || p === '/corp-dir' ? 'dir' : 'none';
const pip242 = {
  module: '/py/site-packages/pip',
  version: '24.2',
  certifiWhere: '/py/site-packages/pip/_vendor/certifi/cacert.pem',
  certifiWhereFrom: 'default',
} as RawProbe['pip'];
const pip222 = { ...pip242!, version: '23.0', vendoredTruststore: true } as RawProbe['pip'];

/** One probe per branch of clients.ts that chooses a steeredBy. */
const PROBES: RawProbe[] = [
  probe(),
  probe({ env: { SSL_CERT_FILE: '/corp.pem', SSL_CERT_DIR: '/corp-dir', REQUESTS_CA_BUNDLE: '/corp.pem' } }),
  probe({ env: { CURL_CA_BUNDLE: '/corp.pem', PIP_CERT: '/conf.pem' } }),
  probe({ env: { PIP_CERT: '/conf.pem' } }),
  probe({
    pipConfig: [{ kind: 'global', path: '/etc/pip.conf', exists: true, values: { 'global.cert': '/conf.pem' } }],
  }),
  probe({ trustfixUrllibCa: '/data/trust/urllib-ca.pem' } as Partial<RawProbe>),
  probe({ platform: 'win32', hasWindowsStores: true } as Partial<RawProbe>),
  probe({
    requests: { module: '/usr/lib/python3/requests', version: '2.28', where: '/etc/ssl/certs/ca-certificates.crt' },
  }),
  probe({ pipSystemCerts: { module: '/py/site-packages/pip_system_certs', version: '4.0', active: true } }),
  probe({ sslContextModule: 'truststore._api' } as Partial<RawProbe>),
  probe({ sslContextModule: 'truststore._api', env: { REQUESTS_CA_BUNDLE: '/corp.pem' } } as Partial<RawProbe>),
  probe({ pip: pip242 }),
  probe({ pip: pip242, env: { PIP_CERT: '/conf.pem' } }),
  probe({ pip: pip222, env: { PIP_USE_FEATURE: 'truststore' } }),
  probe({ pip: pip222, env: { PIP_USE_FEATURE: 'truststore', REQUESTS_CA_BUNDLE: '/corp.pem' } }),
];

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    fallbackLng: false,
    resources,
    ns: NAMESPACES,
    defaultNS: 'app',
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<typeof i18next.init>[0]);
});

describe('what put a trust source in force, in words', () => {
  const codes = new Set(
    PROBES.flatMap((p) =>
      Object.values(clientsFor(p, exists)).flatMap((c) => [c.steeredBy, ...c.sources.map((x) => x.steeredBy)]),
    ).filter(Boolean),
  );

  it('the probes reach every code clients.ts can produce, the ones the issue names among them', () => {
    for (const code of [
      'pip-certifi',
      'pip>=24.2',
      'use-feature=truststore',
      'truststore',
      'certifi',
      'openssl-default',
      'SSL_CERT_FILE',
      'REQUESTS_CA_BUNDLE',
      'CURL_CA_BUNDLE',
      'PIP_CERT',
      'pip.conf:/etc/pip.conf',
      'pip-system-certs',
      'windows-stores',
      'requests',
      'SSL_CERT_DIR',
      'truststore+REQUESTS_CA_BUNDLE',
      'pip>=24.2+PIP_CERT',
      'use-feature=truststore+REQUESTS_CA_BUNDLE',
    ])
      expect(codes, code).toContain(code);
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`every code becomes sentences with a ${lang} translation, none repeating the code (${lang})`, async () => {
      await i18next.changeLanguage(lang);
      for (const code of [...codes, ...STEER_CODES]) {
        const words = steerWords(code);
        expect(words.length, code).toBeGreaterThan(0);
        for (const m of words) {
          expect(m.code, code).not.toBe('pythons:steer.other');
          expect(i18next.exists(m.code, { lng: lang }), `${lang} ${m.code}`).toBe(true);
          const said = i18next.t(m.code, {
            ...(m.params ?? {}),
            lng: lang,
            interpolation: { escapeValue: false },
          }) as string;
          // The internal spelling never reaches a person: "pip-certifi", "pip>=24.2", "use-feature=…+…".
          for (const internal of ['pip-certifi', 'pip>=24.2', 'openssl-default', 'windows-stores', '+'])
            expect(said, `${lang} ${code}`).not.toContain(internal);
          if (lang === 'zh-CN') expect(said, code).toMatch(/\p{Script=Han}/u);
        }
      }
    });
  }

  it('a combination is two sentences: truststore, then the file loaded with it', () => {
    expect(steerWords('truststore+REQUESTS_CA_BUNDLE').map((m) => m.code)).toEqual([
      'pythons:steer.truststore',
      'pythons:steer.envVar',
    ]);
    expect(steerWords('pip>=24.2+pip.conf:/etc/pip.conf')).toEqual([
      { code: 'pythons:steer.pip>=24.2' },
      { code: 'pythons:steer.pipConf', params: { file: '/etc/pip.conf' } },
    ]);
    expect(steerWords('')).toEqual([]);
  });
});
