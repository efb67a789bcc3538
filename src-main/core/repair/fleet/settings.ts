// The trust plan made portable: each client row of `trust ROOT`'s plan on this machine becomes the
// setting that client needs on a fleet machine of the target OS, once the fleet engine has put ROOT
// into that OS's store. Clients that read the OS's store or its generated bundle need nothing more;
// the others are pointed at that bundle (which keeps what they trust today, plus ROOT) or, for node,
// at the root's own file (NODE_EXTRA_CA_CERTS adds to node's own roots). Never a setting that turns
// verification off (checkArtifacts).
import { msg, Problem } from '../../messages.ts';
import { forbiddenIn } from '../trustRoot/forbidden.ts';
import type { TrustClientRow, TrustPlan } from '../trustRoot/planTrust.ts';
import type { Artifact, FleetPlan, FleetRoot, FleetSetting } from './types.ts';

type Os = FleetPlan['os'];

const osStore = (client: string, why: string): FleetSetting => ({ client, kind: 'os-store', why });
const env = (client: string, key: string, value: string, why: string): FleetSetting => ({
  client,
  kind: 'env',
  key,
  value,
  why,
});

/**
 * Per target OS, the setting for each client `trust` knows. pip gets `cert` in the user's pip.conf,
 * not PIP_CERT: pip.conf is what `trust` and `point` write (docs/pythons.md, the order pip reads), it
 * is read by every pip of that user whatever shell started it, and it stays out of the environment
 * other programs inherit.
 */
/** The same on every OS: these clients take a variable, whose value the engine resolves per OS. */
const EVERYWHERE: Record<string, FleetSetting> = {
  requests: env('requests', 'REQUESTS_CA_BUNDLE', 'system-bundle', 'fleet:why.requestsBundle'),
  poetry: env('poetry', 'REQUESTS_CA_BUNDLE', 'system-bundle', 'fleet:why.poetryRequests'),
  node: env('node', 'NODE_EXTRA_CA_CERTS', 'root-file', 'fleet:why.nodeExtra'),
  npm: env('npm', 'NODE_EXTRA_CA_CERTS', 'root-file', 'fleet:why.npmFollowsNode'),
  aws: env('aws', 'AWS_CA_BUNDLE', 'system-bundle', 'fleet:why.awsBundle'),
  botocore: env('botocore', 'AWS_CA_BUNDLE', 'system-bundle', 'fleet:why.awsBundle'),
};

const uv = (file: string): FleetSetting => ({
  client: 'uv',
  kind: 'toml',
  key: 'system-certs',
  value: 'true',
  file,
  why: 'fleet:why.uvSystemCerts',
});

/** conda and mamba share ~/.condarc. */
const conda = (value: string, why: string): Record<string, FleetSetting> =>
  Object.fromEntries(
    ['conda', 'mamba'].map((client) => [
      client,
      { client, kind: 'yaml', key: 'ssl_verify', value, file: '~/.condarc', why },
    ]),
  );

const TABLE: Record<Os, Record<string, FleetSetting>> = {
  linux: {
    ...EVERYWHERE,
    urllib: osStore('urllib', 'fleet:why.urllibOsBundle'),
    curl: osStore('curl', 'fleet:why.curlOsBundle'),
    git: osStore('git', 'fleet:why.gitOsBundle'),
    pip: {
      client: 'pip',
      kind: 'ini',
      key: 'global.cert',
      value: 'system-bundle',
      file: '~/.config/pip/pip.conf',
      why: 'fleet:why.pipCert',
    },
    uv: uv('~/.config/uv/uv.toml'),
    ...conda('system-bundle', 'fleet:why.condaBundle'),
  },
  // Windows: Python's ssl loads the Windows stores, curl.exe and git (schannel) use them, pip >= 24.2
  // verifies with them (truststore), conda >= 23.9 with `truststore`; requests and the AWS CLI need a
  // file: 'system-bundle' there is the store's roots written out by the engine.
  windows: {
    ...EVERYWHERE,
    urllib: osStore('urllib', 'fleet:why.urllibWindowsStore'),
    curl: osStore('curl', 'fleet:why.curlSchannel'),
    git: {
      client: 'git',
      kind: 'git-config',
      key: 'http.sslBackend',
      value: 'schannel',
      file: '~/.gitconfig',
      why: 'fleet:why.gitSchannel',
    },
    pip: osStore('pip', 'fleet:why.pipTruststore'),
    uv: uv('~/AppData/Roaming/uv/uv.toml'),
    ...conda('truststore', 'fleet:why.condaTruststore'),
  },
  // macOS: the keychain's trust settings decide for the OS verifier (curl, pip's truststore, conda's
  // truststore, uv's system-certs); OpenSSL-based clients need a file ('system-bundle': the engine's
  // export of the keychain's roots plus ROOT).
  darwin: {
    ...EVERYWHERE,
    urllib: env('urllib', 'SSL_CERT_FILE', 'system-bundle', 'fleet:why.urllibSslCertFile'),
    curl: osStore('curl', 'fleet:why.curlKeychain'),
    git: {
      client: 'git',
      kind: 'git-config',
      key: 'http.sslCAInfo',
      value: 'system-bundle',
      file: '~/.gitconfig',
      why: 'fleet:why.gitCaInfo',
    },
    pip: osStore('pip', 'fleet:why.pipTruststore'),
    uv: uv('~/.config/uv/uv.toml'),
    ...conda('truststore', 'fleet:why.condaTruststore'),
  },
};

/** The OS store step every engine runs first: the root in the store (and, on Linux, the bundle regenerated). */
export const OS_STORE: FleetSetting = { client: 'os-store', kind: 'os-store', why: 'fleet:why.osStore' };

/**
 * The rows the user kept (everything but `skipped`) as settings for `os`, one per client name (the
 * plan has a row per interpreter for urllib/requests/pip), the OS store step first. A row's status on
 * this machine (planned, already, needs-os-store, ...) does not decide for a fleet machine: there the
 * root is not in the store yet and each client needs its route. A client the table does not know is
 * refused by name rather than left out unsaid.
 */
export function fleetSettings(rows: TrustClientRow[], os: Os): FleetSetting[] {
  const out: FleetSetting[] = [OS_STORE];
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.status === 'skipped' || seen.has(r.client)) continue;
    seen.add(r.client);
    const s = TABLE[os][r.client];
    if (!s) throw new Problem(msg('fleet:unknownClient', { client: r.client, os }));
    out.push({ ...s });
  }
  return out;
}

/** Where ROOT goes on the target machines: a name that says whose it is and which root it is. */
export function fleetRoot(tp: TrustPlan): FleetRoot {
  const sha256 = tp.root.fingerprint.toLowerCase();
  return { name: tp.root.name, sha256, pem: tp.root.pem, fileName: `trustfix-${sha256.slice(0, 16)}.crt` };
}

export function fleetPlan(tp: TrustPlan, os: Os, trustfixVersion: string, now: Date): FleetPlan {
  return {
    root: fleetRoot(tp),
    os,
    settings: fleetSettings(tp.clients, os),
    trustfixVersion,
    generatedAt: now.toISOString(),
  };
}

/** Every generated artifact passes the same deny-list as `trust`'s plans, or none is written. */
export function checkArtifacts(artifacts: Artifact[]): void {
  for (const a of artifacts) {
    const found = forbiddenIn(a.content);
    if (found) throw new Problem(msg('fleet:refused.wouldWeaken', { setting: found, path: a.path }));
  }
}
