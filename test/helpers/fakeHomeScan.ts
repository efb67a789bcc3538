// A person's home folder made up for a test (a user-site certifi, a venv with its own certifi, a
// ~/.curlrc), and the real `trustfix scan --json --no-disk` run with only that home: what one
// machine's per-machine report looks like, made without the machine's own home or settings.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { FIXED_JUDGEMENT, FIXTURES, trustfix } from './cli.ts';

/** certifi's __init__.py as the package has it: its version (read from the fixture's name,
 * certifi-2016.02.28.pem) and the one function, the bundle beside the module. */
const certifiInit = (fixture: string): string =>
  `__version__ = "${fixture.replace(/^certifi-|\.pem$/g, '')}"\n\nimport os\n\ndef where():\n    return os.path.join(os.path.dirname(__file__), 'cacert.pem')\n`;

export interface FakeHome {
  home: string;
  /** The venv under the home, as the scan finds it. */
  venv: string;
}

/** A home at `home` holding a stale certifi in the user site (`userCertifi`, a fixture name) and a
 * venv (~/.virtualenvs/proj) whose certifi is `venvCertifi`. */
export async function makeFakeHome(
  home: string,
  userCertifi = 'certifi-2016.02.28.pem',
  venvCertifi = 'certifi-2023.05.07.pem',
): Promise<FakeHome> {
  const userSite = join(home, '.local', 'lib', 'python3.11', 'site-packages', 'certifi');
  mkdirSync(userSite, { recursive: true });
  copyFileSync(join(FIXTURES, userCertifi), join(userSite, 'cacert.pem'));
  writeFileSync(join(userSite, '__init__.py'), certifiInit(userCertifi));
  writeFileSync(join(home, '.curlrc'), '# nothing\n');
  const venv = join(home, '.virtualenvs', 'proj');
  await execa('/usr/bin/python3', ['-m', 'venv', '--without-pip', venv], { timeout: 60_000 });
  const site = join(venv, 'lib', 'python3.11', 'site-packages', 'certifi');
  mkdirSync(site, { recursive: true });
  copyFileSync(join(FIXTURES, venvCertifi), join(site, 'cacert.pem'));
  writeFileSync(join(site, '__init__.py'), certifiInit(venvCertifi));
  return { home, venv };
}

/** `trustfix scan --json --no-disk` with only this home: its data folder inside it, no settings of
 * the machine's own user (a bare environment), the reference and OS store from fixtures. */
export async function scanWithHome(
  home: string,
  extra: string[] = [],
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return trustfix(['scan', '--json', '--no-disk', ...FIXED_JUDGEMENT, ...extra], {
    extendEnv: false,
    env: {
      HOME: home,
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TRUSTFIX_DATA_DIR: join(home, '.local', 'share', 'trustfix'),
      PIP_CONFIG_FILE: '/dev/null',
    },
  });
}
