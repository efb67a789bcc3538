// libcurl's build-time CA defaults, as the program itself reports them. curl and git both print
// libcurl's informational lines when verbose (`curl -v`, GIT_CURL_VERBOSE=1); as a TLS connection
// starts they name what they load: "CAfile: /etc/ssl/certs/ca-certificates.crt" and "CApath: ..."
// (OpenSSL backends), "found 450 certificates in /etc/ssl/certs" (GnuTLS, as Debian's git uses).
// These lines are libcurl's and never translated. TrustFix starts a listener on 127.0.0.1 that
// accepts and closes, so the client gets as far as loading its CA store and no further: nothing
// leaves the machine, and no certificate is ever accepted.
import { createServer, type Server } from 'node:net';
import { runTool, type RunOptions } from './run.ts';

export interface LibcurlDefaults {
  /** Files and folders libcurl loaded, in the order it said so; `none` leaves one out. */
  file?: string;
  dir?: string;
  /** GnuTLS's wording names a path without saying file or folder: the caller stats it. */
  loaded: string[];
  /** The backend said it is Schannel (Windows store) or Secure Transport (macOS keychain). */
  osVerifier?: 'schannel' | 'securetransport';
}

export function parseLibcurlVerbose(text: string): LibcurlDefaults {
  const out: LibcurlDefaults = { loaded: [] };
  for (const line of text.split(/\r?\n/)) {
    let m: RegExpExecArray | null;
    if ((m = /\bCAfile:\s*(.+?)\s*$/.exec(line))) {
      if (m[1] !== 'none') out.file ??= m[1]!;
    } else if ((m = /\bCApath:\s*(.+?)\s*$/.exec(line))) {
      if (m[1] !== 'none') out.dir ??= m[1]!;
    } else if ((m = /\bfound \d+ certificates in (.+?)\s*$/.exec(line))) {
      out.loaded.push(m[1]!);
    } else if (/\bschannel:/i.test(line)) out.osVerifier ??= 'schannel';
    else if (/\bSecureTransport\b|\bSecure Transport\b/.test(line)) out.osVerifier ??= 'securetransport';
  }
  return out;
}

/** Variables that would steer or divert the measured client: removed so the build's own defaults show. */
const NEUTRAL = [
  'CURL_CA_BUNDLE',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'GIT_SSL_NO_VERIFY',
];
const PROXIES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
];

export function neutralEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (v !== undefined && !NEUTRAL.includes(k) && !PROXIES.includes(k) && !k.startsWith('GIT_CONFIG')) out[k] = v;
  return out;
}

async function listener(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.once('data', () => socket.destroy());
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

/** Runs `build(url)` against a local listener and reads libcurl's verbose lines from stderr. */
export async function measureLibcurl(
  file: string,
  build: (url: string) => { args: string[]; env: Record<string, string> },
  options: RunOptions = {},
): Promise<LibcurlDefaults | undefined> {
  const { server, port } = await listener();
  try {
    const { args, env } = build(`https://127.0.0.1:${port}/trustfix-probe`);
    const r = await runTool(file, args, { ...options, env, timeoutMs: options.timeoutMs ?? 8000 });
    if (r.failure === 'not-found' || r.failure === 'spawn' || r.failure === 'cancelled') return undefined;
    return parseLibcurlVerbose(`${r.stderr}\n${r.stdout}`);
  } finally {
    server.close();
  }
}

/** curl with no config file (-q must come first) and no proxy: what this build trusts by itself. */
export function curlDefaultsProbe(env: Readonly<Record<string, string | undefined>>) {
  return (url: string) => ({ args: ['-q', '-sv', '--noproxy', '*', '--max-time', '5', url], env: neutralEnv(env) });
}

/** git with no system or global config and no proxy: what its libcurl trusts by itself. */
export function gitDefaultsProbe(
  env: Readonly<Record<string, string | undefined>>,
  emptyHome: string,
  nullFile: string,
) {
  return (url: string) => ({
    args: ['-c', 'http.proxy=', '-c', 'http.sslVerify=true', 'ls-remote', url],
    env: {
      ...neutralEnv(env),
      GIT_CURL_VERBOSE: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: nullFile,
      HOME: emptyHome,
      XDG_CONFIG_HOME: emptyHome,
      GIT_CEILING_DIRECTORIES: emptyHome,
    },
  });
}
