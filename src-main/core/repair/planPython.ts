// Repairs inside one interpreter: use-os-store (truststore + a start-up .pth), refresh through the
// interpreter's own pip, and what python.org's Install Certificates.command does, with a backup.
import { basename, join } from 'node:path';
import { msg } from '../messages.ts';
import type { ActionRecord, Change } from './action.ts';
import { refuse } from './pathGuard.ts';
import { fileChange, type PlanContext } from './planContext.ts';
import type { PythonFacts } from './pythonFacts.ts';

export const PTH_NAME = 'trustfix-truststore.pth';
/** A .pth line starting with "import" runs at start-up; it must never break the interpreter. */
export const PTH_TEXT = `import importlib.util as _tf_u; _tf_u.find_spec("truststore") and __import__("truststore").inject_into_ssl()\n`;

/** Read-back: a new process of the interpreter, started as any other (site runs the .pth at start-up),
 * names the module of ssl.SSLContext, which truststore.inject_into_ssl() replaces with its own. */
export const TRUSTSTORE_ACTIVE_SCRIPT = 'import ssl, sys; sys.stdout.write(ssl.SSLContext.__module__.split(".")[0])';

const pip = (py: PythonFacts, ...args: string[]) => ({ file: py.executable, args: ['-m', 'pip', ...args] });

export async function planUseOsStore(pc: PlanContext, py: PythonFacts, id = 'a1'): Promise<ActionRecord> {
  if (py.version[0] < 3 || (py.version[0] === 3 && py.version[1] < 10))
    refuse('truststoreNeeds310', { python: py.executable, version: py.version.join('.') });
  const changes: Change[] = [];
  if (!py.truststore) {
    changes.push({
      type: 'command',
      label: msg('repair:command.installTruststore'),
      run: pip(py, 'install', '--disable-pip-version-check', 'truststore'),
      undo: [pip(py, 'uninstall', '-y', 'truststore')],
      live: true,
    });
  }
  const pth = join(py.purelib, PTH_NAME);
  const { change } = await fileChange(pc, pth, Buffer.from(PTH_TEXT), 'python', { kind: 'text' });
  changes.push(change);
  return {
    id,
    kind: 'use-os-store',
    what: msg('repair:what.useOsStore', { python: py.executable, pth }),
    where: pth,
    why: msg('repair:why.useOsStore'),
    elevation: { needed: false },
    undo: msg(py.truststore ? 'repair:undo.removePth' : 'repair:undo.removePthAndTruststore', { pth }),
    notes: [],
    changes,
    checks: [
      {
        kind: 'command-value',
        run: { file: py.executable, args: ['-c', TRUSTSTORE_ACTIVE_SCRIPT] },
        decode: 'line',
        expect: 'truststore',
      },
    ],
  };
}

export function planPipRefresh(py: PythonFacts, id = 'a1'): ActionRecord {
  const undo = py.certifiVersion
    ? [pip(py, 'install', '--disable-pip-version-check', `certifi==${py.certifiVersion}`)]
    : [pip(py, 'uninstall', '-y', 'certifi')];
  return {
    id,
    kind: 'refresh',
    what: msg('repair:what.pipRefresh', { python: py.executable, version: py.certifiVersion ?? '-' }),
    where: py.certifiWhere ?? py.purelib,
    why: msg('repair:why.pipRefresh'),
    elevation: { needed: false },
    undo: msg('repair:undo.pipRefresh', { version: py.certifiVersion ?? '-' }),
    notes: [],
    changes: [
      {
        type: 'command',
        label: msg('repair:command.upgradeCertifi'),
        run: pip(py, 'install', '--disable-pip-version-check', '--upgrade', 'certifi'),
        undo,
        live: true,
      },
    ],
  };
}

/** python.org's script: upgrade certifi, replace the framework's openssl cert.pem by a link to it. */
export async function planMacosInstallCertificates(pc: PlanContext, py: PythonFacts, id = 'a1'): Promise<ActionRecord> {
  if (!py.opensslCafile || !py.executable.includes('/Library/Frameworks/Python.framework/'))
    refuse('notFramework', { python: py.executable });
  const link = py.opensslCafile;
  const certifiPem = py.certifiWhere ?? join(py.purelib, 'certifi', 'cacert.pem');
  const changes: Change[] = [planPipRefresh(py).changes[0]!];
  const removal = await fileChange(pc, link, null, 'python', { kind: 'text' });
  if (removal.change.before) changes.push(removal.change);
  changes.push({
    type: 'command',
    label: msg('repair:command.link', { link, target: certifiPem }),
    run: { file: '/bin/ln', args: ['-s', certifiPem, link] },
    undo: [{ file: '/bin/rm', args: ['-f', link] }],
  });
  return {
    id,
    kind: 'macos-install-certificates',
    what: msg('repair:what.macosInstall', { python: py.executable, link: basename(link) }),
    where: link,
    why: msg('repair:why.macosInstall'),
    elevation: { needed: false },
    undo: msg('repair:undo.restoreBytes', { path: link }),
    notes: [],
    changes,
  };
}
