import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// This machine (like a corporate one) exports SSL_CERT_FILE, REQUESTS_CA_BUNDLE, PIP_CERT ... and
// /etc/pip.conf sets pip's cert. Tests state the environment they mean; start them from a clean one.
const STEERING = [
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'PIP_CERT',
  'NODE_EXTRA_CA_CERTS',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'TRUSTFIX_LANG',
];
for (const name of STEERING) {
  if (process.env[name] !== undefined) process.env[`TRUSTFIX_TEST_HOST_${name}`] = process.env[name];
  delete process.env[name];
}
process.env.LANG = 'C.UTF-8';

// `npm test` and `npx` export npm's own config paths to their children (npm_config_userconfig=/root/.npmrc).
// A test that points npm at a home it owns would otherwise read, and a client's repair write, the real
// ~/.npmrc of the person running the tests.
for (const name of Object.keys(process.env)) {
  if (/^npm_config_(userconfig|globalconfig)$/i.test(name)) delete process.env[name];
}

// TrustFix's state (journal, backups, scan cache, settings) goes to a folder of this test file's own
// unless a test names another (--data-dir, its own TRUSTFIX_DATA_DIR): a CLI run without --data-dir
// must not write the real per-user data folder of the person running the tests.
const dataDir = mkdtempSync(join(tmpdir(), 'trustfix-test-data-'));
process.env.TRUSTFIX_DATA_DIR = dataDir;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
