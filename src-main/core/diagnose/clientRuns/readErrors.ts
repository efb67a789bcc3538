// Reads each client's own error into the cause families `check` compares with its prediction
// (types.ts ObservedFamily). The texts below were produced here by the real programs (curl 7.88 with
// OpenSSL 3, Debian's git 2.39 with libcurl-gnutls, Node 24) or come from the projects' trackers (uv's
// rustls, conda's requests); each pattern names where it comes from.
import { familyOfText } from '../classify.ts';
import type { ObservedFamily } from '../types.ts';
import type { RunnableClient } from './types.ts';

export interface ReadError {
  family: ObservedFamily;
  /** The line that says what went wrong, without the client's boilerplate. */
  error: string | null;
  code: string | null;
}

/** The first line that matches, else the last non-empty one (where most tools put the error). */
function pick(text: string, wanted: RegExp): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => wanted.test(l)) ?? lines.at(-1) ?? '';
}

/**
 * curl: `curl: (60) SSL certificate problem: unable to get local issuer certificate` (exit 60,
 * CURLE_PEER_FAILED_VERIFICATION; after "problem:" comes OpenSSL's verify text: "self-signed
 * certificate in certificate chain", "certificate has expired", "self-signed certificate");
 * `curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'`
 * (also 60 since curl 7.62); `curl: (77) error setting certificate file: PATH` (the CA file is
 * unusable); `curl: (35) ...` a handshake failure (protocol versions); 5/6/7/28/56: no connection.
 */
export function readCurl(exitCode: number | null, stderr: string): ReadError {
  if (exitCode === 0) return { family: 'ok', error: null, code: null };
  const line = pick(stderr, /^curl: \(\d+\)/).replace(/^curl: /, '');
  const code = exitCode === null ? null : `curl exit ${exitCode}`;
  if (exitCode === 60) {
    if (/subject name|host name|hostname/i.test(line)) return { family: 'hostname', error: line, code };
    const family = familyOfText(line);
    return { family: family === 'other' ? 'verify-failed' : family, error: line, code };
  }
  if (exitCode === 35) {
    const family = familyOfText(line);
    return { family: family === 'other' || family === 'unreachable' ? 'tls-version' : family, error: line, code };
  }
  if (exitCode !== null && [5, 6, 7, 28, 52, 56, 97].includes(exitCode))
    return { family: 'unreachable', error: line, code };
  return { family: 'other', error: line || null, code };
}

/**
 * git: `fatal: unable to access 'URL/': <libcurl's error>`. With libcurl-OpenSSL (Git for Windows,
 * macOS, Fedora) the error is curl's: "SSL certificate problem: unable to get local issuer
 * certificate". Debian and Ubuntu link libcurl-gnutls, which says only
 * "server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none"
 * for every chain problem (untrusted, expired, self-signed alike): family `verify-failed`, which fits
 * any chain cause. A host mismatch: "SSL: certificate subject name (x) does not match target host
 * name 'y'" (GnuTLS) / "SSL: no alternative certificate subject name matches target host name 'y'".
 * Past the handshake, git talks HTTP: "repository 'URL/' not found", "The requested URL returned
 * error: 404", "not valid: is this a git repository?" — the TLS part worked.
 */
export function readGit(exitCode: number | null, stderr: string): ReadError {
  if (exitCode === 0) return { family: 'ok', error: null, code: null };
  const line = pick(stderr, /^(fatal|error):/);
  const reason = line.replace(/^fatal: unable to access '[^']*': /, '');
  if (/server certificate verification failed/i.test(reason))
    return { family: 'verify-failed', error: line, code: 'gnutls' };
  if (/subject name|host name/i.test(reason)) return { family: 'hostname', error: line, code: null };
  if (/SSL certificate problem:/i.test(reason)) {
    const family = familyOfText(reason);
    return { family: family === 'other' ? 'verify-failed' : family, error: line, code: null };
  }
  if (
    /not found|returned error: \d{3}|not valid: is this a git repository|repository .* does not exist|Authentication failed|could not read Username|dumb http transport/i.test(
      reason,
    )
  ) {
    return { family: 'ok', error: line, code: 'http' };
  }
  if (/Failed to connect|Could not resolve|timed out|Connection refused|proxy|CONNECT/i.test(reason))
    return { family: 'unreachable', error: line, code: null };
  if (/gnutls_handshake|handshake failed|wrong version number|unsupported protocol|protocol version/i.test(reason))
    return { family: 'tls-version', error: line, code: null };
  return { family: 'other', error: line || null, code: null };
}

/** Node's codes (err.cause.code for fetch, err.code for tls.connect), from OpenSSL's X509 errors. */
const NODE_CODES: Record<string, ObservedFamily> = {
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  // The server sent its leaf alone and nothing trusted signs it (mitmproxy 8 sends no chain).
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname',
  CERT_SIGNATURE_FAILURE: 'untrusted',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'tls-version',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'tls-version',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls-version',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'tls-version',
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  ETIMEDOUT: 'unreachable',
  ECONNRESET: 'unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'unreachable',
  PROXY_FAILED: 'unreachable',
};

interface NodeSaid {
  ok?: boolean;
  code?: string | null;
  message?: string;
}

/** node: the last stdout line is the JSON the run script prints (commands.ts NODE_SCRIPT). */
export function readNode(exitCode: number | null, stdout: string, stderr: string): ReadError {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let said: NodeSaid | null = null;
  try {
    said = JSON.parse(last) as NodeSaid;
  } catch {}
  if (!said) return { family: 'other', error: pick(stderr, /Error|error/) || `exit ${exitCode ?? '?'}`, code: null };
  if (said.ok) return { family: 'ok', error: null, code: null };
  const code = said.code ?? null;
  const message = said.message ?? null;
  const family = (code && NODE_CODES[code]) || familyOfText(message);
  return { family, error: [code, message].filter(Boolean).join(': ') || null, code };
}

/**
 * uv (reqwest + rustls, issue astral-sh/uv#1819, #16233):
 *   error: Request failed after 3 retries
 *     Caused by: error sending request for url (https://host/simple/x/)
 *     Caused by: client error (Connect)
 *     Caused by: invalid peer certificate: UnknownIssuer
 * rustls names the problem as a variant: UnknownIssuer, Expired / "certificate expired",
 * NotValidYet, NotValidForName / "certificate not valid for name", BadSignature, and
 * "Other(...CaUsedAsEndEntity)" / "self-signed". Past the handshake the index answers: a
 * resolution error ("not found in the package registry", "No solution found") means TLS worked.
 */
export function readUv(exitCode: number | null, stderr: string): ReadError {
  if (exitCode === 0) return { family: 'ok', error: null, code: null };
  const line = pick(stderr, /invalid peer certificate|certificate/i);
  const variant = /invalid peer certificate(?: contents)?: ([A-Za-z]+)/.exec(line)?.[1] ?? null;
  const t = line.toLowerCase();
  const family: ObservedFamily = /unknownissuer|badsignature/.test(t)
    ? 'untrusted'
    : /expired/.test(t)
      ? 'expired'
      : /notvalidyet|not valid yet/.test(t)
        ? 'not-yet-valid'
        : /notvalidforname|not valid for name/.test(t)
          ? 'hostname'
          : /causedasendentity|self[- ]signed/.test(t)
            ? 'self-signed'
            : /invalid peer certificate/.test(t)
              ? 'verify-failed'
              : /not found in the package registry|no solution found|because .* was not found|no versions of/i.test(
                    stderr,
                  )
                ? 'ok'
                : /dns error|connection refused|timed out|tcp connect error|proxy/i.test(stderr)
                  ? 'unreachable'
                  : 'other';
  return { family, error: family === 'ok' ? null : line || null, code: variant };
}

/**
 * conda (requests; with --json it prints {"exception_name": ..., "message": ..., "error": ...}):
 *   CondaSSLError: Encountered an SSL error. Most likely a certificate verification issue.
 *   Exception: HTTPSConnectionPool(host='h', port=443): Max retries exceeded with url: /x/noarch/repodata.json
 *   (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate
 *   verify failed: unable to get local issuer certificate (_ssl.c:1006)')))
 * Python's text inside is read like any Python client's. A 404 for the channel
 * (UnavailableInvalidChannel, CondaHTTPError: HTTP 404) means TLS worked.
 */
export function readConda(exitCode: number | null, stdout: string, stderr: string): ReadError {
  if (exitCode === 0) return { family: 'ok', error: null, code: null };
  let name: string | null = null;
  let text = `${stdout}\n${stderr}`;
  try {
    const json = JSON.parse(stdout) as { exception_name?: string; message?: string; error?: string };
    name = json.exception_name ?? null;
    text = json.message ?? json.error ?? text;
  } catch {}
  name ??= /(Conda\w+Error|UnavailableInvalidChannel|PackagesNotFoundError)/.exec(text)?.[1] ?? null;
  // Python's own text inside the exception says why; conda's first line does not.
  const sslLine = /\[SSL: [A-Z_]+\][^'"\n]*/.exec(text)?.[0] ?? pick(text, /SSLError|certificate/i);
  if (name === 'UnavailableInvalidChannel' || name === 'PackagesNotFoundError' || /HTTP 40[34]/.test(text))
    return { family: 'ok', error: null, code: name };
  const family = familyOfText(sslLine);
  return { family: family === 'ok' ? 'other' : family, error: sslLine || null, code: name };
}

export function readClient(name: RunnableClient, exitCode: number | null, stdout: string, stderr: string): ReadError {
  switch (name) {
    case 'curl':
      return readCurl(exitCode, stderr);
    case 'git':
      return readGit(exitCode, stderr);
    case 'node':
      return readNode(exitCode, stdout, stderr);
    case 'uv':
      return readUv(exitCode, stderr);
    case 'conda':
      return readConda(exitCode, stdout, stderr);
  }
}
