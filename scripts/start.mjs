// `npm start`: the Electron app; where Electron's binary is missing (ELECTRON_SKIP_BINARY_DOWNLOAD
// build machines), says so in one sentence and serves the same app with `trustfix ui` instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron'); // the package's index returns the binary's path, or throws when it was not downloaded
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const build = (script) => spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' }).status === 0;
if (!existsSync(`${root}/dist/renderer/index.html`) && !build('build:renderer')) process.exit(1);

const binary = electronBinary();
if (binary) {
  if (!build('build:main')) process.exit(1);
  const run = spawnSync(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exit(run.status ?? 1);
} else {
  process.stderr.write(
    'The Electron binary is not installed here, so TrustFix opens in your browser instead (trustfix ui).\n',
  );
  const run = spawnSync(process.execPath, [`${root}/bin/trustfix.js`, 'ui', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TRUSTFIX_FROM_SOURCE: '1' },
  });
  process.exit(run.status ?? 1);
}
