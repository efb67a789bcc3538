// The one command per client that makes a real TLS request to the host, cheaply, changing nothing:
// each with the user's own environment and config (so CURL_CA_BUNDLE, .curlrc, GIT_SSL_CAINFO,
// http.sslCAInfo, NODE_EXTRA_CA_CERTS, NODE_OPTIONS, uv.toml, .condarc all apply), through the proxy
// the environment names, as the user's next command would go.
import { isIP } from 'node:net';
import type { ClientEnv } from '../../clients/types.ts';
import type { RunnableClient } from './types.ts';

export interface ClientCommand {
  file: string;
  args: string[];
  /** Variables added to the user's environment: only ones that keep the run from prompting,
   * retrying or downloading, never ones that change what is trusted. */
  env: Record<string, string>;
  stdin?: string;
}

/** A made-up project name: the index answers 404 for it, after the TLS handshake that matters. */
export const PROBE_NAME = 'trustfix-check-probe';

/**
 * node: `fetch(URL)` when no proxy applies. Node's fetch goes through HTTPS_PROXY only with
 * NODE_USE_ENV_PROXY=1 (Node >= 24.5 / 22.21), so through a proxy the script opens the CONNECT
 * tunnel itself and does the handshake with `tls.connect` — the same default CA list fetch uses
 * (Node's bundled roots + NODE_EXTRA_CA_CERTS, + the OS store with --use-system-ca), on any version.
 * It prints one JSON line: {"ok":true,"status":N} or {"ok":false,"code":"UNABLE_TO_GET_ISSUER_CERT_LOCALLY","message":"..."}.
 */
export const NODE_SCRIPT = `
const [url, proxy, servername] = process.argv.slice(1);
const done = (o) => { process.stdout.write(JSON.stringify(o) + "\\n"); process.exit(0); };
const fail = (e) => done({ ok: false, code: (e && e.cause && e.cause.code) || (e && e.code) || null, message: String((e && e.cause && e.cause.message) || (e && e.message) || e) });
if (!proxy) {
  fetch(url, { redirect: "manual" }).then((r) => done({ ok: true, status: r.status }), fail);
} else {
  const http = require("http"), tls = require("tls");
  const u = new URL(url), p = new URL(proxy);
  const host = u.hostname.replace(/^\\[|\\]$/g, ""), port = Number(u.port || 443);
  const target = (host.includes(":") ? "[" + host + "]" : host) + ":" + port;
  const req = http.request({ host: p.hostname.replace(/^\\[|\\]$/g, ""), port: Number(p.port || 80), method: "CONNECT", path: target, headers: { host: target } });
  req.on("connect", (res, socket) => {
    if (res.statusCode !== 200) return done({ ok: false, code: "PROXY_FAILED", message: "proxy answered " + res.statusCode + " to CONNECT" });
    const s = tls.connect({ socket, host, servername: servername || undefined, ALPNProtocols: ["http/1.1"] }, () => { s.end(); done({ ok: true, status: 0 }); });
    s.on("error", fail);
  });
  req.on("error", (e) => done({ ok: false, code: "PROXY_FAILED", message: String(e.message) }));
  req.end();
}
`;

export function commandFor(
  name: RunnableClient,
  executable: string,
  url: string,
  opts: { proxy: string | null; host: string; timeoutSeconds: number; env: ClientEnv },
): ClientCommand {
  const seconds = String(Math.max(1, Math.round(opts.timeoutSeconds)));
  switch (name) {
    case 'curl':
      // -sS: no progress, errors shown; -I: a HEAD request, headers only (the body is not wanted);
      // -w: the HTTP status last (any status means the handshake and verification passed).
      // .curlrc still applies (no -q): its cacert= is part of what curl trusts.
      return { file: executable, args: ['-sS', '-I', '-w', '\n%{http_code}\n', '--max-time', seconds, url], env: {} };
    case 'git':
      // git ls-remote makes the handshake with any https URL; a URL that is no repository fails
      // later, over HTTP, which readGit reads as "TLS worked".
      return {
        file: executable,
        args: ['ls-remote', url],
        env: { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' },
      };
    case 'node':
      return {
        file: executable,
        args: ['-e', NODE_SCRIPT, url, opts.proxy ?? '', isIP(opts.host) ? '' : opts.host],
        env: {},
      };
    case 'uv':
      // `uv pip compile -` resolves a requirement read from stdin against --index-url: one GET of
      // URL/trustfix-check-probe/ (404 after the handshake), no install, no venv touched. --no-cache
      // so a cached answer cannot hide the handshake. uv.toml / pyproject [tool.uv] still apply
      // (system-certs / native-tls), so no --no-config. UV_PYTHON_DOWNLOADS=never: finding an
      // interpreter must not download one; UV_HTTP_RETRIES=0: fail once, not four times.
      return {
        file: executable,
        args: ['pip', 'compile', '-', '--index-url', url, '--no-cache', '--quiet'],
        env: { UV_PYTHON_DOWNLOADS: 'never', UV_HTTP_RETRIES: '0' },
        stdin: `${PROBE_NAME}\n`,
      };
    case 'conda':
      // conda's own HTTP session (requests, ssl_verify from .condarc, truststore on >= 23.9): a search
      // on the URL as the only channel fetches URL/<subdir>/repodata.json. --json: the error as data.
      return {
        file: executable,
        args: ['search', '--override-channels', '--channel', url, '--json', PROBE_NAME],
        env: {},
      };
  }
}
