// Windows: which store each root sits in, so diagnosis can say "trusted because your organization's
// group policy installs it" or "only the CA store makes this chain verify".
//
// What Python sees: ssl.create_default_context() -> load_default_certs() -> for each of
// SSLContext._windows_cert_stores = ("CA", "ROOT"), ssl.enum_certificates(name), which opens that
// system store at every location and merges them: CERT_SYSTEM_STORE_LOCAL_MACHINE,
// _LOCAL_MACHINE_ENTERPRISE, _LOCAL_MACHINE_GROUP_POLICY, _CURRENT_USER, _CURRENT_USER_GROUP_POLICY,
// _SERVICES, _USERS (CPython Modules/_ssl.c, ssl_collect_certificates; Lib/ssl.py). Everything found
// is loaded into OpenSSL's store as a trust anchor, intermediates in "CA" included.
//
// PowerShell's Cert: drive shows the logical stores (LocalMachine\Root already merges its group
// policy and enterprise physical stores), so the policy stores are read from the registry, where
// CryptoAPI keeps them, by reg.exe (real on every Windows and under Wine):
//   HKLM\SOFTWARE\Policies\Microsoft\SystemCertificates\<Store>\Certificates\<SHA1>   machine group policy
//   HKCU\SOFTWARE\Policies\Microsoft\SystemCertificates\<Store>\Certificates\<SHA1>   user group policy
//   HKLM\SOFTWARE\Microsoft\EnterpriseCertificates\<Store>\Certificates\<SHA1>        enterprise (AD)
// (https://learn.microsoft.com/windows/win32/seccrypto/system-store-locations), each with a REG_BINARY
// value "Blob" parsed by parseCertBlob below.
import { createHash } from 'node:crypto';
import type { CommandSpec, PlacedCert, StoreLocation, StoreOrigin, SystemRoots } from './types.ts';
import { regQueryEntries } from './readBack.ts';

/** The logical stores Python's ssl reads, as PowerShell's Cert: drive names them. */
export const WINDOWS_LOGICAL_STORES: ReadonlyArray<{ path: string; origin: StoreOrigin }> = [
  { path: 'Cert:\\LocalMachine\\Root', origin: { location: 'LocalMachine', store: 'Root' } },
  { path: 'Cert:\\LocalMachine\\CA', origin: { location: 'LocalMachine', store: 'CA' } },
  { path: 'Cert:\\CurrentUser\\Root', origin: { location: 'CurrentUser', store: 'Root' } },
  { path: 'Cert:\\CurrentUser\\CA', origin: { location: 'CurrentUser', store: 'CA' } },
];

/** The registry keys of the policy stores; each holds Root\, CA\, Disallowed\, ... subkeys. */
export const WINDOWS_POLICY_KEYS: ReadonlyArray<{ key: string; location: StoreLocation }> = [
  { key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates', location: 'MachineGroupPolicy' },
  { key: 'HKCU\\SOFTWARE\\Policies\\Microsoft\\SystemCertificates', location: 'UserGroupPolicy' },
  { key: 'HKLM\\SOFTWARE\\Microsoft\\EnterpriseCertificates', location: 'Enterprise' },
];

/**
 * One PowerShell call printing "<store path><TAB><base64 RawData>" per certificate: the tag says which
 * store; the base64 is immune to the console code page. A store that cannot be opened is skipped
 * (SilentlyContinue), so one unreadable store does not hide the others.
 */
export function taggedStoreCommand(stores = WINDOWS_LOGICAL_STORES): CommandSpec {
  const list = stores.map((s) => `'${s.path}'`).join(',');
  const script = `foreach ($s in @(${list})) { Get-ChildItem -Path $s -ErrorAction SilentlyContinue | ForEach-Object { $s + [char]9 + [Convert]::ToBase64String($_.RawData) } }`;
  return { file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', script] };
}

/** The tagged lines back as certificates with their store; anything else (a warning) is ignored. */
export function parseTaggedLines(stdout: string, stores = WINDOWS_LOGICAL_STORES): PlacedCert[] {
  const out: PlacedCert[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const store = stores.find((s) => s.path.toLowerCase() === line.slice(0, tab).trim().toLowerCase());
    const b64 = line.slice(tab + 1).trim();
    if (!store || b64.length < 100 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) continue;
    out.push({ der: Buffer.from(b64, 'base64'), origin: store.origin });
  }
  return out;
}

/** `reg query KEY /s`: every subkey and value under a policy key. A missing key: exit 1, no stores. */
export function policyQueryCommand(key: string): CommandSpec {
  return { file: 'reg.exe', args: ['query', key, '/s'] };
}

/** CERT_CERT_PROP_ID: the property that holds the certificate's DER. */
const CERT_PROP_ID = 32;

/**
 * The DER inside a serialized certificate (the registry's "Blob" value): a sequence of elements, each
 * a little-endian DWORD property id, a DWORD reserved (encoding type, 1), a DWORD length and that many
 * bytes; the certificate itself is the element with id 32 (0x20). Other properties (SHA-1 hash, key
 * usage, friendly name) come before it. Null when no well-formed element 32 is found.
 * Sources: [MS-GPEF] 2.2.1.1.1 "Certificate BLOB" and 2.2.1.1.1.1 / .2 (property and encoded
 * certificate layout: 0x20 0x00 0x00 0x00 0x01 0x00 0x00 0x00, length, DER),
 * https://learn.microsoft.com/openspecs/windows_protocols/ms-gpef/6a9e35fa-2ac7-4c10-81e1-eabe8d2472f1
 * and .../46893d6d-bdfe-4ba7-8d7d-b509144e5fee; Wine's crypt32 tests (store.c, as mirrored in
 * reactos/reactos modules/rostests/winetests/crypt32/store.c: CERT_CERT_PROP_ID 32, struct
 * CertPropIDHeader { propID; unknown1; cb; }); the same form is what
 * CertSerializeCertificateStoreElement writes.
 */
export function parseCertBlob(blob: Buffer): Buffer | null {
  let at = 0;
  while (at + 12 <= blob.length) {
    const id = blob.readUInt32LE(at);
    const length = blob.readUInt32LE(at + 8);
    const start = at + 12;
    if (start + length > blob.length) return null;
    if (id === CERT_PROP_ID) return blob[start] === 0x30 ? Buffer.from(blob.subarray(start, start + length)) : null;
    at = start + length;
  }
  return null;
}

/** The certificates of the Root and CA stores under one policy key, from `reg query KEY /s`. Other
 * stores there (Disallowed, TrustedPublisher, ...) are not trust anchors and are left out. */
export function parsePolicyStores(stdout: string, location: StoreLocation): PlacedCert[] {
  const out: PlacedCert[] = [];
  for (const e of regQueryEntries(stdout)) {
    const m = /\\(Root|CA)\\Certificates\\([0-9A-F]{40})$/i.exec(e.key);
    if (!m || e.name !== 'Blob' || e.type !== 'REG_BINARY' || !/^([0-9A-F]{2})+$/i.test(e.data)) continue;
    const der = parseCertBlob(Buffer.from(e.data, 'hex'));
    // The key is named by the certificate's SHA-1 thumbprint: a blob that does not match it is not read.
    if (der && createHash('sha1').update(der).digest('hex').toUpperCase() === m[2]!.toUpperCase())
      out.push({ der, origin: { location, store: m[1]!.toUpperCase() === 'CA' ? 'CA' : 'Root' } });
  }
  return out;
}

/** Runs one command and gives its output; a failed or missing program gives '' (never throws). */
export type RunForOutput = (cmd: CommandSpec) => Promise<string>;

/**
 * The Windows store as Python's ssl sees it, each certificate with the stores it sits in: PowerShell
 * for the logical stores, reg.exe for the policy ones, and Node's own read (`native`, PEM) for
 * whatever those two miss (Wine's PowerShell is a stub that prints nothing).
 */
export async function readWindowsStores(run: RunForOutput, native: Buffer[]): Promise<SystemRoots> {
  const [logical, ...policy] = await Promise.all([
    run(taggedStoreCommand()).then((out) => parseTaggedLines(out)),
    ...WINDOWS_POLICY_KEYS.map((p) => run(policyQueryCommand(p.key)).then((out) => parsePolicyStores(out, p.location))),
  ]);
  const origins = [...logical!, ...policy.flat()];
  return {
    source: 'Windows certificate store (LocalMachine, CurrentUser, group policy, enterprise)',
    ders: [...native, ...origins.map((o) => o.der)],
    origins,
  };
}
