// The narrow route for urllib (safety rule 7, docs/safety-rules.md). urllib verifies with OpenSSL's default file, which
// every program on the machine reads (or the file SSL_CERT_FILE names, which every program started
// with it reads). Instead of changing that file, TrustFix gives ONE interpreter an extra bundle:
//   - <data folder>/urllib-ca-<interpreter id>.pem  the certificates added, in marked blocks;
//   - <purelib>/trustfix_urllib_ca.py              a small module naming that file;
//   - <purelib>/trustfix-urllib-ca.pth             one line that imports the module at start-up.
// The module wraps ssl.SSLContext.load_default_certs (what create_default_context, urllib and
// http.client call) so that, after the defaults, the context also loads the extra file; it does so
// when ssl is first imported, so an interpreter run that never uses ssl pays nothing. The .pth
// sits in this interpreter's own site-packages, so only it (and a venv made from it with
// --system-site-packages) runs it, as truststore's .pth scopes itself. Every line is guarded: a
// missing file or any error leaves the interpreter exactly as it was. Undo restores the three files.
import { join } from 'node:path';
import { msg, type Message } from '../messages.ts';
import { interpreterKey, pythonId } from '../pythons/identity.ts';
import type { ActionRecord, Change } from './action.ts';
import { appendBlocks } from './bundleText.ts';
import { newBlocks, type CertInput } from './planBundle.ts';
import { elevationFor, fileChange, type PlanContext } from './planContext.ts';
import { identify, refuse } from './pathGuard.ts';
import type { PythonFacts } from './pythonFacts.ts';

export const PTH_BUNDLE_MODULE = 'trustfix_urllib_ca';
export const PTH_BUNDLE_PTH = 'trustfix-urllib-ca.pth';

/** One line, run by site.py at start-up (lines starting with "import" are executed). The import is
 * guarded: without the module (or with a broken one) the interpreter starts as if it were not there.
 * No bytecode is written for it, so undo leaves no compiled copy behind in site-packages. */
export const PTH_BUNDLE_LINE =
  'import sys; exec("_tf_dwb = sys.dont_write_bytecode\\ntry:\\n sys.dont_write_bytecode = True\\n' +
  ` import ${PTH_BUNDLE_MODULE}\\nexcept Exception:\\n pass\\nsys.dont_write_bytecode = _tf_dwb")\n`;

/** A Python string literal for any path: JSON's escapes (\\", \\\\, \\n, \\uXXXX) are Python's too. */
function pyString(value: string): string {
  return `u${JSON.stringify(value)}`;
}

/** The module's text (Python 2.7 and 3.6+; 2.7.8 and older have no SSLContext and are left alone).
 * Nothing is imported at start-up: a finder at the head of sys.meta_path waits for the first
 * `import ssl`, lets the normal import run, patches the module, and steps aside (importing ssl at
 * every start would cost each run of this interpreter 20-40 ms). */
export function pthBundleModule(cafile: string): string {
  return `# -*- coding: utf-8 -*-
# Written by TrustFix for this interpreter alone (\`trustfix history\` / \`trustfix undo\` take it back).
# ${PTH_BUNDLE_PTH} imports it at start-up. After the usual default certificates, this interpreter's
# default SSL contexts (urllib, http.client, ssl.create_default_context) also load CAFILE, a file in
# TrustFix's data folder. Verification stays on; nothing else changes. If CAFILE is gone, or anything
# here fails, the interpreter behaves exactly as without this file.
import sys

CAFILE = ${pyString(cafile)}


def _patch(ssl):
    import os

    cls = ssl.SSLContext
    original = cls.load_default_certs
    if getattr(original, "_trustfix", False):
        return
    server_auth = ssl.Purpose.SERVER_AUTH

    def load_default_certs(self, purpose=server_auth):
        original(self, purpose)
        if purpose == server_auth:
            try:
                if os.path.isfile(CAFILE):
                    self.load_verify_locations(cafile=CAFILE)
            except Exception:
                pass

    load_default_certs._trustfix = True
    load_default_certs.__doc__ = original.__doc__
    cls.load_default_certs = load_default_certs


def _safely(module):
    try:
        _patch(module)
    except Exception:
        pass


class _WhenSslLoads(object):
    """Patches ssl right after its first import, then leaves sys.meta_path."""

    def _leave(self):
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass

    def find_spec(self, name, path=None, target=None):  # Python 3
        if name != "ssl":
            return None
        self._leave()
        try:
            import importlib.util

            spec = importlib.util.find_spec("ssl")
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                _safely(module)

            spec.loader.exec_module = exec_module
            return spec
        except Exception:
            return None

    def find_module(self, name, path=None):  # Python 2
        return self if name == "ssl" else None

    def load_module(self, name):
        self._leave()
        __import__(name)
        module = sys.modules[name]
        _safely(module)
        return module


try:
    if "ssl" in sys.modules:
        _safely(sys.modules["ssl"])
    else:
        sys.meta_path.insert(0, _WhenSslLoads())
except Exception:
    pass
`;
}

/** The data-folder file for one interpreter: named by the same id the app uses for it. */
export async function pthBundlePath(dataDir: string, executable: string): Promise<string> {
  return join(dataDir, `urllib-ca-${pythonId((await interpreterKey(executable)).key).slice(3)}.pem`);
}

/** A file change only when the bytes differ (a second fix reuses the module and the .pth). */
async function textChangeIfDifferent(pc: PlanContext, path: string, content: Buffer): Promise<Change | null> {
  const now = await identify(path);
  if (now && now.bytes.equals(content)) return null;
  return (await fileChange(pc, path, content, 'python', { kind: 'text' })).change;
}

export async function planPthBundle(
  pc: PlanContext,
  py: PythonFacts,
  certs: CertInput[],
  why: Message,
  id = 'a1',
): Promise<ActionRecord | null> {
  const pthPath = join(py.purelib, PTH_BUNDLE_PTH);
  // A system interpreter's site-packages belong to the administrator and serve every user: TrustFix
  // elevates only for the OS store and scan findings, so this route is for interpreters one owns.
  if ((await elevationFor(pthPath)).needed) refuse('pthBundleNotWritable', { python: py.executable, path: py.purelib });
  const cafile = await pthBundlePath(pc.dataDir, py.executable);
  const existing = await identify(cafile);
  const old = existing?.bytes ?? Buffer.alloc(0);
  const present = new Set(existing ? pc.ctx.reader.parse(old).fingerprints : []);
  const notes: Message[] = [];
  const { blocks, names } = newBlocks(pc, certs, present, notes, (from) => `${from}; urllib in ${py.executable} only`);
  const header = existing
    ? Buffer.alloc(0)
    : Buffer.from(
        `# TrustFix: extra certificates for urllib in ${py.executable} only (read by ${PTH_BUNDLE_MODULE}.py).\n`,
      );
  const changes: Change[] = [];
  if (blocks.length > 0) {
    const content = appendBlocks(Buffer.concat([old, header]), blocks);
    changes.push(
      (await fileChange(pc, cafile, content, 'data-dir', { kind: 'bundle', fingerprints: [...present] })).change,
    );
  }
  const module = await textChangeIfDifferent(
    pc,
    join(py.purelib, `${PTH_BUNDLE_MODULE}.py`),
    Buffer.from(pthBundleModule(cafile)),
  );
  const pth = await textChangeIfDifferent(pc, pthPath, Buffer.from(PTH_BUNDLE_LINE));
  for (const c of [module, pth]) if (c) changes.push(c);
  if (changes.length === 0) return null;
  return {
    id,
    kind: 'pth-bundle',
    what: msg('repair:what.pthBundle', {
      count: names.length,
      names: names.join(', ') || '-',
      python: py.executable,
      path: cafile,
    }),
    where: pthPath,
    why,
    elevation: { needed: false },
    undo: msg('repair:undo.pthBundle', { python: py.executable }),
    notes: [...notes, msg('repair:note.pthBundleScope', { pth: pthPath })],
    changes,
  };
}
