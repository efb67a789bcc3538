// The probe cache (probe-cache.json in the data folder). A probe is reused only while everything
// that decides its answer is unchanged: the interpreter file (path, size, mtime), its venv's
// pyvenv.cfg, its site-packages folders and user site (installing or upgrading a package changes
// the folder's mtime), pip's config files, the variables that steer the clients, and the probe
// script itself. Checking that is a few stats per interpreter; probing is a Python start.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { RawProbe } from './probeTypes.ts';

/** Environment variables that change what the probe reports or what Python imports. */
export const STEERING_VARS = [
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'REQUESTS_CA_BUNDLE',
  'CURL_CA_BUNDLE',
  'PIP_CERT',
  'PIP_CONFIG_FILE',
  'PIP_USE_FEATURE',
  'PIP_USE_DEPRECATED',
  'PIP_ISOLATED',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONNOUSERSITE',
  'PYTHONUSERBASE',
  'XDG_CONFIG_HOME',
  'XDG_CONFIG_DIRS',
  'HOME',
  'APPDATA',
  'ALLUSERSPROFILE',
] as const;

interface CacheEntry {
  key: string;
  /** Files and folders whose stats are part of the key (known only after the first probe). */
  watched: string[];
  probe: RawProbe;
  probedAt: string;
}

interface CacheFile {
  version: 1;
  entries: Record<string, CacheEntry>;
}

async function stamp(path: string): Promise<string> {
  const s = await stat(path).catch(() => undefined);
  return s ? `${s.size}:${Math.round(s.mtimeMs)}:${s.isDirectory() ? 'd' : 'f'}` : '-';
}

/** Everything beyond the interpreter itself that the probe's answer depends on. */
export function watchedPaths(executable: string, probe: RawProbe): string[] {
  const paths = new Set<string>([
    ...probe.sitePackages,
    ...probe.pipConfig.map((c) => c.path),
    join(dirname(executable), 'pyvenv.cfg'),
    join(dirname(dirname(executable)), 'pyvenv.cfg'),
  ]);
  if (probe.userSite) paths.add(probe.userSite);
  return [...paths].sort();
}

export async function computeKey(
  executable: string,
  watched: string[],
  env: NodeJS.ProcessEnv,
  probeHash: string,
): Promise<string> {
  const h = createHash('sha256');
  h.update(`${probeHash}\n${executable}\n${await stamp(executable)}\n`);
  const stamps = await Promise.all(watched.map(async (p) => `${p}=${await stamp(p)}`));
  h.update(stamps.join('\n'));
  for (const name of STEERING_VARS) h.update(`\n${name}=${env[name] ?? ''}`);
  return h.digest('hex');
}

export class ProbeCache {
  private data: CacheFile = { version: 1, entries: {} };
  private dirty = false;
  private readonly file: string | undefined;
  readonly probeHash: string;

  private constructor(file: string | undefined, probeHash: string) {
    this.file = file;
    this.probeHash = probeHash;
  }

  /** dataDir undefined: an in-memory cache (nothing reused between runs). */
  static async open(dataDir: string | undefined, probeScript: string): Promise<ProbeCache> {
    // The launcher and the modules it imports: a new probe invalidates every cached answer.
    const h = createHash('sha256');
    for (const file of [
      probeScript,
      ...['trustfix_probe.py', 'trustfix_json.py'].map((f) => join(dirname(probeScript), f)),
    ])
      h.update(await readFile(file).catch(() => Buffer.alloc(0)));
    const probeHash = h.digest('hex').slice(0, 16);
    const cache = new ProbeCache(dataDir ? join(dataDir, 'probe-cache.json') : undefined, probeHash);
    if (cache.file) {
      const loaded = await readFile(cache.file, 'utf8')
        .then((t) => JSON.parse(t) as CacheFile)
        .catch(() => undefined);
      if (loaded?.version === 1 && loaded.entries && typeof loaded.entries === 'object') cache.data = loaded;
    }
    return cache;
  }

  async get(executable: string, env: NodeJS.ProcessEnv): Promise<RawProbe | undefined> {
    const entry = this.data.entries[executable];
    if (!entry) return undefined;
    const key = await computeKey(executable, entry.watched, env, this.probeHash);
    return key === entry.key ? entry.probe : undefined;
  }

  async set(executable: string, probe: RawProbe, env: NodeJS.ProcessEnv): Promise<void> {
    const watched = watchedPaths(executable, probe);
    this.data.entries[executable] = {
      key: await computeKey(executable, watched, env, this.probeHash),
      watched,
      probe,
      probedAt: new Date().toISOString(),
    };
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(this.data));
    this.dirty = false;
  }
}
