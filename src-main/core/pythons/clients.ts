// Which certificates each client of one interpreter really uses, after every override is applied.
// Pure: a probe in, three ClientTrust records out (statuses are filled in later by attach.ts).
//
// urllib   ssl.create_default_context(): OpenSSL's default file and folder, which SSL_CERT_FILE and
//          SSL_CERT_DIR replace; on Windows also the Windows "CA" and "ROOT" stores; plus the bundle
//          of TrustFix's trustfix-urllib-ca.pth when this interpreter has one.
// requests verify=True means requests.certs.where() (certifi, or a distribution's patch), unless
//          REQUESTS_CA_BUNDLE or else CURL_CA_BUNDLE is set (Session.merge_environment_settings);
//          pip-system-certs (its .pth file) makes it use the OS store.
// pip      its vendored certifi; --cert / PIP_CERT / `cert` in its config files replace it; and as in
//          requests (which it vendors) REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE win over session.verify.
//          pip >= 24.2 on Python 3.10+ verifies with the OS store (truststore) *and* that file,
//          unless `--use-deprecated=legacy-certs`; pip 22.2+ does the same with
//          `--use-feature=truststore`. pip-system-certs makes pip use the OS store.
// truststore injected at start-up (a .pth such as TrustFix's trustfix-truststore.pth runs
//          truststore.inject_into_ssl(), which replaces ssl.SSLContext and urllib3's reference to it):
//          urllib, requests and pip's vendored urllib3 verify with the OS store, and still trust the file
//          each loads into the context (requests' certifi or REQUESTS_CA_BUNDLE, pip's certifi or cert).
import { msg } from '../messages.ts';
import { platformOfPython } from '../platform/index.ts';
import type { RawProbe } from './probeTypes.ts';
import type { ClientName, ClientTrust, TrustSource } from './types.ts';

type Existence = (path: string) => 'file' | 'dir' | 'none';

/** "24.2" >= "24.2", "3.10.13" >= "3.10": numeric, segment by segment. */
export function versionAtLeast(version: string | null | undefined, minimum: string): boolean {
  if (!version) return false;
  const a = version.split(/[.+-]/).map((s) => Number.parseInt(s, 10));
  const b = minimum.split('.').map((s) => Number.parseInt(s, 10));
  for (let i = 0; i < b.length; i++) {
    const x = Number.isNaN(a[i] ?? 0) ? 0 : (a[i] ?? 0);
    if (x !== b[i]) return x > b[i]!;
  }
  return true;
}

/** ssl.SSLContext is truststore's in this interpreter's processes (the probe asked the class). */
export function truststoreInjected(probe: RawProbe): boolean {
  return probe.sslContextModule?.split('.')[0] === 'truststore';
}

function envValue(probe: RawProbe, name: string): string | undefined {
  const v = probe.env[name];
  return v && v.trim() ? v : undefined;
}

/** The effective value of a pip option from its config files: later files win, and in a file the
 * `[install]` section wins over `[global]` (TrustFix reports what `pip install` does). */
export function pipConfigValue(probe: RawProbe, key: string): { value: string; file: string } | undefined {
  if (probe.pipConfigSkipped) return undefined;
  let found: { value: string; file: string } | undefined;
  for (const file of probe.pipConfig) {
    const v = file.values?.[`install.${key}`] ?? file.values?.[`global.${key}`];
    if (v !== undefined && v.trim()) found = { value: v.trim(), file: file.path };
  }
  return found;
}

function listHas(value: string | undefined, item: string): boolean {
  return !!value && value.split(/[\s,]+/).includes(item);
}

function fileSource(path: string, role: TrustSource['role'], steeredBy: string, exists: Existence): TrustSource {
  return exists(path) === 'dir' ? { kind: 'dir', path, role, steeredBy } : { kind: 'file', path, role, steeredBy };
}

function missing(client: ClientName, code: string, params?: Record<string, string>): ClientTrust {
  return { client, available: false, missingReason: msg(code, params), source: '', sources: [], steeredBy: '' };
}

/** What OpenSSL loads by default in this interpreter (SSL_CERT_FILE / SSL_CERT_DIR already applied). */
export function opensslSources(probe: RawProbe, exists: Existence): TrustSource[] {
  const vp = probe.verifyPaths;
  if (!vp) return [];
  const fileVar = envValue(probe, vp.opensslCafileEnv || 'SSL_CERT_FILE');
  const dirVar = envValue(probe, vp.opensslCapathEnv || 'SSL_CERT_DIR');
  const file = fileVar ?? vp.opensslCafile ?? undefined;
  const dir = dirVar ?? vp.opensslCapath ?? undefined;
  const out: TrustSource[] = [];
  const fileExists = file ? exists(file) === 'file' : false;
  const dirExists = dir ? exists(dir) === 'dir' : false;
  // A file named by SSL_CERT_FILE is reported even when missing: that is the mistake to show.
  if (file && (fileExists || fileVar || !dirExists))
    out.push({
      kind: 'file',
      path: file,
      role: fileVar ? 'override' : 'default',
      steeredBy: fileVar ? 'SSL_CERT_FILE' : 'openssl-default',
    });
  if (dir && dirExists)
    out.push({ kind: 'dir', path: dir, role: 'folder', steeredBy: dirVar ? 'SSL_CERT_DIR' : 'openssl-default' });
  return out;
}

/** The OS verifier as truststore sees it: on Windows and macOS the OS itself; elsewhere OpenSSL's
 * default file (truststore's _openssl.py loads exactly what get_default_verify_paths names). */
function osStore(probe: RawProbe, steeredBy: string, exists: Existence): TrustSource {
  if (platformOfPython(probe.platform).truststoreReadsOsStore) return { kind: 'os-store', role: 'os-store', steeredBy };
  const file = opensslSources(probe, exists).find((s) => s.kind === 'file' && exists(s.path) === 'file');
  return file && file.kind === 'file'
    ? { kind: 'os-store', path: file.path, role: 'os-store', steeredBy }
    : { kind: 'os-store', role: 'os-store', steeredBy };
}

function finish(
  client: ClientName,
  sources: TrustSource[],
  version?: string | null,
  bundled?: string | null,
): ClientTrust {
  const main = sources.find((s) => s.role === 'override') ?? sources.find((s) => s.role === 'os-store') ?? sources[0];
  return {
    client,
    available: true,
    ...(version ? { version } : {}),
    source: main ? (main.kind === 'os-store' ? 'os-store' : main.path) : '',
    sources,
    steeredBy: main?.steeredBy ?? 'default',
    ...(bundled ? { bundled: { path: bundled } } : {}),
  };
}

export function urllibTrust(probe: RawProbe, exists: Existence): ClientTrust {
  if (probe.sslError || !probe.verifyPaths)
    return missing('urllib', 'pythons:missing.ssl', { detail: probe.sslError ?? '' });
  if (truststoreInjected(probe)) return finish('urllib', [osStore(probe, 'truststore', exists)]);
  const sources = opensslSources(probe, exists);
  // TrustFix's .pth for this interpreter alone: load_default_certs also loads this file.
  if (probe.trustfixUrllibCa)
    sources.push({ kind: 'file', path: probe.trustfixUrllibCa, role: 'default', steeredBy: 'trustfix-urllib-ca.pth' });
  if (platformOfPython(probe.platform).sslLoadsOsStores && probe.hasWindowsStores) {
    // load_default_certs() on Windows: the CA and ROOT system stores, then OpenSSL's defaults.
    sources.unshift({ kind: 'os-store', role: 'os-store', steeredBy: 'windows-stores' });
  }
  // The main source: SSL_CERT_FILE's file when set; else the Windows stores; else OpenSSL's file.
  return finish('urllib', sources);
}

function requestsEnv(probe: RawProbe, exists: Existence): TrustSource | undefined {
  for (const name of ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']) {
    const v = envValue(probe, name);
    if (v) return fileSource(v, 'override', name, exists);
  }
  return undefined;
}

export function requestsTrust(probe: RawProbe, exists: Existence): ClientTrust {
  const r = probe.requests;
  if (!r) return missing('requests', 'pythons:missing.requests');
  if (!r.where)
    return {
      ...missing('requests', 'pythons:missing.requestsBroken', { detail: r.error ?? '' }),
      version: r.version ?? '',
    };
  const sources: TrustSource[] = [];
  const injected = !probe.pipSystemCerts?.active && truststoreInjected(probe);
  const env = requestsEnv(probe, exists);
  if (probe.pipSystemCerts?.active) sources.push(osStore(probe, 'pip-system-certs', exists));
  else {
    if (injected) sources.push(osStore(probe, 'truststore', exists));
    if (env) sources.push(env);
    sources.push(fileSource(r.where, 'default', r.where === probe.certifi?.where ? 'certifi' : 'requests', exists));
  }
  const ct = finish('requests', sources, r.version, r.where);
  // Only the override is read when one is set: drop the default from the sources actually used.
  const used = ct.sources.filter((s) => !(sources.some((o) => o.role === 'override') && s.role === 'default'));
  if (injected)
    return { ...ct, sources: used, source: 'os-store', steeredBy: env ? `truststore+${env.steeredBy}` : 'truststore' };
  return { ...ct, sources: used };
}

export function pipTrust(probe: RawProbe, exists: Existence): ClientTrust {
  const p = probe.pip;
  if (!p) return missing('pip', 'pythons:missing.pip');
  const bundled = p.certifiWhere ?? undefined;
  if (probe.pipSystemCerts?.active)
    return finish('pip', [osStore(probe, 'pip-system-certs', exists)], p.version, bundled);

  const deprecated = envValue(probe, 'PIP_USE_DEPRECATED') ?? pipConfigValue(probe, 'use-deprecated')?.value;
  const feature = envValue(probe, 'PIP_USE_FEATURE') ?? pipConfigValue(probe, 'use-feature')?.value;
  const py310 = versionAtLeast(probe.version, '3.10');
  let truststore: string | undefined;
  if (py310 && versionAtLeast(p.version, '24.2') && !listHas(deprecated, 'legacy-certs')) truststore = 'pip>=24.2';
  else if (
    py310 &&
    versionAtLeast(p.version, '22.2') &&
    listHas(feature, 'truststore') &&
    (p.vendoredTruststore || probe.truststore)
  )
    truststore = 'use-feature=truststore';
  // Injected at start-up, truststore's class is what pip's vendored urllib3 builds; the file pip loads
  // (its certifi, or the cert below) is trusted as well, as in pip >= 24.2.
  else if (truststoreInjected(probe)) truststore = 'truststore';

  const sources: TrustSource[] = [];
  if (truststore) sources.push(osStore(probe, truststore, exists));
  // pip >= 24.2 loads its certifi into the truststore context as well; older truststore mode did not.
  if (bundled && (!truststore || truststore === 'pip>=24.2' || truststore === 'truststore'))
    sources.push(fileSource(bundled, 'default', 'pip-certifi', exists));
  let override = requestsEnv(probe, exists);
  if (!override) {
    const pipCert = envValue(probe, 'PIP_CERT');
    if (pipCert) override = fileSource(pipCert, 'override', 'PIP_CERT', exists);
  }
  if (!override) {
    const conf = pipConfigValue(probe, 'cert');
    if (conf) override = fileSource(conf.value, 'override', `pip.conf:${conf.file}`, exists);
  }
  let used = sources;
  if (override) {
    // Without truststore the override replaces the bundle; with it, it is loaded in addition (pip's
    // own truststore keeps its certifi too; injected, urllib3 loads the cert instead of certifi).
    used = !truststore ? [override] : truststore === 'truststore' ? [sources[0]!, override] : [...sources, override];
  }
  const ct = finish('pip', used, p.version, bundled);
  if (truststore)
    return { ...ct, source: 'os-store', steeredBy: override ? `${truststore}+${override.steeredBy}` : truststore };
  return ct;
}

export function clientsFor(probe: RawProbe, exists: Existence): Record<ClientName, ClientTrust> {
  return { urllib: urllibTrust(probe, exists), requests: requestsTrust(probe, exists), pip: pipTrust(probe, exists) };
}
