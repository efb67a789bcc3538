// Stand-ins for uv and conda, which are not installable here (not on the package mirror nor the npm
// registry). Each records its argument list, stdin and environment, then does what the real program
// does for the command `check` runs — one HTTPS GET through HTTPS_PROXY, trusting what the real
// program would trust (uv: SSL_CERT_FILE, else its bundled Mozilla roots; conda: REQUESTS_CA_BUNDLE,
// else its certifi; the system bundle stands in for both lists) — made with the real curl, and prints
// the real program's messages for the outcome (texts from the projects' trackers; see
// src-main/core/diagnose/clientRuns/readErrors.ts).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const COMMON = `set -u
log="\${FAKE_CLIENT_LOG:?}"
name=$(basename "$0")
printf '%s\\n' "$@" > "$log/$name.argv"
env > "$log/$name.env"
get() { # url cafile -> prints the HTTP status; returns curl's exit code
  curl -sS -o /dev/null -w '%{http_code}' --cacert "$2" "$1" 2>"$log/$name.curl"
}
`;

const UV = `#!/bin/sh
${COMMON}
cat > "$log/uv.stdin"
url=""; prev=""
for a in "$@"; do [ "$prev" = "--index-url" ] && url="$a"; prev="$a"; done
req=$(head -n 1 "$log/uv.stdin")
status=$(get "\${url%/}/$req/" "\${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"); rc=$?
if [ "$rc" = 60 ]; then
  printf 'error: Request failed after 3 retries\\n  Caused by: error sending request for url (%s)\\n  Caused by: client error (Connect)\\n  Caused by: invalid peer certificate: UnknownIssuer\\n' "\${url%/}/$req/" >&2
  exit 2
fi
if [ "$rc" != 0 ]; then printf 'error: Request failed after 3 retries\\n  Caused by: tcp connect error\\n' >&2; exit 2; fi
printf '  × No solution found when resolving dependencies:\\n  ╰─▶ Because %s was not found in the package registry and you require %s, we can conclude that your requirements are unsatisfiable.\\n' "$req" "$req" >&2
exit 1
`;

const CONDA = `#!/bin/sh
${COMMON}
url=""; prev=""
for a in "$@"; do [ "$prev" = "--channel" ] && url="$a"; prev="$a"; done
status=$(get "\${url%/}/noarch/repodata.json" "\${REQUESTS_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"); rc=$?
if [ "$rc" = 60 ]; then
  cat <<JSON
{
  "caused_by": "None",
  "error": "CondaSSLError: Encountered an SSL error. Most likely a certificate verification issue.\\\\n\\\\nException: HTTPSConnectionPool(host='127.0.0.1', port=0): Max retries exceeded with url: /noarch/repodata.json (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))",
  "exception_name": "CondaSSLError",
  "message": "Encountered an SSL error. Most likely a certificate verification issue.\\\\n\\\\nException: HTTPSConnectionPool(host='127.0.0.1', port=0): Max retries exceeded with url: /noarch/repodata.json (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))"
}
JSON
  exit 1
fi
cat <<JSON
{
  "caused_by": "None",
  "channel_url": "$url",
  "error": "UnavailableInvalidChannel: HTTP 404 NOT FOUND for channel <$url>",
  "exception_name": "UnavailableInvalidChannel",
  "message": "HTTP 404 NOT FOUND for channel <$url>"
}
JSON
exit 1
`;

export interface FakeClients {
  /** Put first on PATH. */
  bin: string;
  /** Where each fake writes <name>.argv / .stdin / .env (set FAKE_CLIENT_LOG to it). */
  log: string;
  argv: (name: 'uv' | 'conda') => string[];
  env: (name: 'uv' | 'conda') => Record<string, string>;
}

export function makeFakeClients(dir: string): FakeClients {
  const bin = join(dir, 'fake-bin');
  const log = join(dir, 'fake-log');
  mkdirSync(bin, { recursive: true });
  mkdirSync(log, { recursive: true });
  for (const [name, body] of [
    ['uv', UV],
    ['conda', CONDA],
  ] as const) {
    writeFileSync(join(bin, name), body);
    chmodSync(join(bin, name), 0o755);
  }
  return {
    bin,
    log,
    argv: (name) =>
      readFileSync(join(log, `${name}.argv`), 'utf8')
        .split('\n')
        .slice(0, -1),
    env: (name) =>
      Object.fromEntries(
        readFileSync(join(log, `${name}.env`), 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      ),
  };
}
