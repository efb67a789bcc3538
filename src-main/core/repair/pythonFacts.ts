// What a repair needs to know of one interpreter, asked of the interpreter itself (no guessing from
// paths): version, site-packages, certifi's file and version, whether truststore is there, and
// OpenSSL's default CA file (what python.org's Install Certificates.command links).
import { execa } from 'execa';
import { msg, Problem } from '../messages.ts';

export interface PythonFacts {
  executable: string;
  version: [number, number];
  purelib: string;
  /** Where compiled packages go; the same folder as purelib on most installs. */
  platlib: string;
  /** sys.prefix: for a venv, the venv's own folder. */
  prefix: string;
  isVenv: boolean;
  certifiWhere: string | null;
  certifiVersion: string | null;
  truststore: boolean;
  opensslCafile: string | null;
}

const SCRIPT = `
import json, ssl, sys, sysconfig
p = sysconfig.get_paths()
base = getattr(sys, "base_prefix", getattr(sys, "real_prefix", sys.prefix))
out = {"version": list(sys.version_info[:2]), "purelib": p["purelib"], "platlib": p["platlib"], "prefix": sys.prefix, "isVenv": sys.prefix != base or hasattr(sys, "real_prefix"), "certifiWhere": None, "certifiVersion": None, "truststore": False}
try:
    import certifi
    out["certifiWhere"] = certifi.where(); out["certifiVersion"] = certifi.__version__
except Exception:
    pass
try:
    import importlib.util
    out["truststore"] = importlib.util.find_spec("truststore") is not None
except Exception:
    pass
out["opensslCafile"] = ssl.get_default_verify_paths().openssl_cafile
print(json.dumps(out))
`;

export async function pythonFacts(executable: string): Promise<PythonFacts> {
  const run = await execa(executable, ['-c', SCRIPT], {
    reject: false,
    timeout: 30_000,
    env: { PYTHONIOENCODING: 'utf-8' },
  });
  if (run.failed)
    throw new Problem(
      msg('repair:failed.python', { python: executable, reason: String(run.stderr || run.shortMessage).slice(-500) }),
    );
  const parsed = JSON.parse(String(run.stdout).trim().split('\n').pop() ?? '{}') as Omit<PythonFacts, 'executable'>;
  return { executable, ...parsed };
}
