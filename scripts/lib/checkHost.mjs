// What the diagnosis benchmarks share (40-check, 45-diagnose-app): a TLS server on 127.0.0.1 in a
// process of its own (the benchmarks time other processes with spawnSync, which would freeze a
// server living in their own event loop), the trust store that verifies it, the environment that
// makes every interpreter use that store, and the anchor: every interpreter fetching the URL
// itself, all started at once, each with a context that trusts the store.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measured } from './measured.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts the server: { url, port, store, env, dir, stop }. */
export async function startCheckHost() {
  const dir = mkdtempSync(join(tmpdir(), 'trustfix-bench-check-'));
  const store = join(dir, 'store.pem');
  const code = `
    import { writeFileSync } from 'node:fs';
    import { makeCert } from ${JSON.stringify(join(ROOT, 'test/helpers/checkPki.ts'))};
    import { httpsServer } from ${JSON.stringify(join(ROOT, 'test/helpers/checkServers.ts'))};
    const root = makeCert({ cn: 'Bench Root', ca: true });
    const inter = makeCert({ cn: 'Bench Issuing CA', ca: true, issuer: root });
    const leaf = makeCert({ cn: 'localhost', issuer: inter, dns: ['localhost'] });
    writeFileSync(${JSON.stringify(store)}, root.pem);
    const server = await httpsServer({ key: leaf.keyPem, certChain: leaf.pem + inter.pem });
    process.stdout.write(server.port + '\\n');
    process.stdin.on('end', () => server.close().then(() => process.exit(0)));
    process.stdin.resume();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.on('exit', (c) => reject(new Error(`the TLS server exited (${c})`)));
  });
  const env = {
    ...process.env,
    SSL_CERT_FILE: store,
    REQUESTS_CA_BUNDLE: store,
    PIP_CERT: store,
    PIP_CONFIG_FILE: '/dev/null',
  };
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'SSL_CERT_DIR'])
    delete env[k];
  writeFileSync(join(dir, 'anchor.py'), ANCHOR_PY);
  return {
    url: `https://localhost:${port}/`,
    port,
    store,
    env,
    dir,
    stop() {
      child.stdin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The floor of asking each Python: `import ssl, urllib.request; urlopen(URL, context=...)`
// (urllib2 on Python 2), nothing else.
const ANCHOR_PY = `import ssl, sys
try:
    import urllib.request as request
except ImportError:
    import urllib2 as request
request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile=sys.argv[2])).close()
`;

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Every interpreter fetching the URL at once, whole process tree: { ms, peakMb, status }. The peak
 * is the largest single process (GNU time's maxrss over the waited-for tree). */
export function anchorRun(host, pythons) {
  const each = pythons
    .map(
      (p) =>
        `${quote(p)} ${quote(join(host.dir, 'anchor.py'))} ${quote(host.url)} ${quote(host.store)} & pids="$pids $!"`,
    )
    .join('\n');
  return measured('/bin/sh', ['-c', `${each}\nfail=0\nfor p in $pids; do wait $p || fail=1; done\nexit $fail`], {
    env: host.env,
  });
}
