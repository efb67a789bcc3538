// Safety rule 7 (docs/safety-rules.md), narrowest first: before a repair for one interpreter changes a file, who else reads
// that file, and who owns it? A file is the interpreter's own when it sits in its venv (or, for an
// interpreter that is no venv, in its own site-packages) or in TrustFix's data folder, and no
// environment variable or OpenSSL default makes other programs read it. Everything else is shared:
// it is offered separately, unticked, naming who else reads it and the package that owns it.
import { realpath } from 'node:fs/promises';
import { detectOwner } from '../bundles/owner.ts';
import { msg, type Message } from '../messages.ts';
import type { Platform } from '../platform/types.ts';
import { interpreterId, interpreterKey } from '../pythons/identity.ts';
import type { ClientName, PythonInfo } from '../pythons/types.ts';
import { isInside, realPathOf } from './pathGuard.ts';

/** Who else reads a file. */
export type Reader =
  /** Another interpreter's clients (from its probe). */
  | { kind: 'python'; executable: string; version?: string; clients: ClientName[] }
  /** OpenSSL's default CA file: curl, git, wget and every other interpreter that uses it. */
  | { kind: 'openssl-default' }
  /** A distribution's system store: every program on the machine. */
  | { kind: 'system-store'; family: string }
  /** Named by an environment variable: every program started with it. */
  | { kind: 'env'; variable: string };

/** Who owns a file: a package manager whose next upgrade replaces it, or a distribution's tool that
 * rebuilds it (then the plan takes that tool's route instead of editing the file). */
export interface FileOwner {
  manager: 'distribution' | 'dpkg' | 'rpm' | 'conda' | 'homebrew';
  package?: string;
  /** For a distribution's generated bundle: the command that rebuilds it, and the anchor folder. */
  refreshedBy?: string;
  anchorDir?: string;
}

export type ScopeReason =
  | 'own'
  | 'data-dir'
  | 'system-store'
  | 'openssl-default'
  | 'env'
  | 'package'
  | 'other-python'
  | 'outside'
  | 'user-wide';

export interface Scope {
  /** Only this interpreter (or TrustFix) reads it: changed by default. */
  own: boolean;
  reason: ScopeReason;
  readers: Reader[];
  owner?: FileOwner;
  /** The file, as its real path, when the repair changes one. */
  realPath?: string;
}

/** The interpreter a repair is for. */
export interface ScopeTarget {
  /** The app's id for it ("py-..."), to leave it out of the readers. */
  id: string;
  executable: string;
  /** Real paths of the folders that are its own: the venv, or its site-packages. */
  ownDirs: string[];
}

/** What is known of the machine: the data folder, the files OpenSSL and the environment make every
 * program read, and each probed interpreter's sources (by real path). */
export interface ScopeWorld {
  dataDir: string;
  platform: Platform;
  opensslDefaults: ReadonlySet<string>;
  envFiles: ReadonlyMap<string, string>;
  readers: ReadonlyMap<string, Array<{ id: string; executable: string; version?: string; client: ClientName }>>;
}

const ENV_FILES = ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'PIP_CERT'] as const;

const real = (p: string): Promise<string> => realpath(p).catch(() => p);

export async function targetOf(facts: {
  executable: string;
  prefix: string;
  isVenv: boolean;
  purelib: string;
  platlib: string;
}): Promise<ScopeTarget> {
  const dirs = facts.isVenv ? [facts.prefix] : [facts.purelib, facts.platlib];
  return {
    id: interpreterId((await interpreterKey(facts.executable)).key),
    executable: facts.executable,
    ownDirs: [...new Set(await Promise.all(dirs.map(real)))],
  };
}

export async function buildWorld(input: {
  dataDir: string;
  platform: Platform;
  env: NodeJS.ProcessEnv;
  pythons: PythonInfo[];
  opensslDefaults?: Array<string | null | undefined>;
}): Promise<ScopeWorld> {
  const readers = new Map<string, Array<{ id: string; executable: string; version?: string; client: ClientName }>>();
  const opensslDefaults = new Set<string>();
  for (const p of input.opensslDefaults ?? []) if (p) opensslDefaults.add(await real(p));
  for (const py of input.pythons) {
    for (const client of Object.values(py.clients)) {
      if (!client?.available) continue;
      for (const s of client.sources) {
        const path = s.kind === 'dir' ? undefined : s.path;
        if (!path) continue;
        const r = await real(path);
        if (client.client === 'urllib' && s.steeredBy === 'openssl-default') opensslDefaults.add(r);
        const list = readers.get(r) ?? [];
        if (!list.some((x) => x.id === py.id && x.client === client.client))
          list.push({
            id: py.id,
            executable: py.executable,
            ...(py.version ? { version: py.version } : {}),
            client: client.client,
          });
        readers.set(r, list);
      }
    }
  }
  const envFiles = new Map<string, string>();
  for (const name of ENV_FILES) {
    const v = input.env[name];
    if (v && v.trim()) envFiles.set(await real(v), name);
  }
  return { dataDir: await realPathOf(input.dataDir), platform: input.platform, opensslDefaults, envFiles, readers };
}

function pythonReaders(world: ScopeWorld, realPath: string, target: ScopeTarget): Reader[] {
  const byExe = new Map<string, Reader & { kind: 'python' }>();
  for (const r of world.readers.get(realPath) ?? []) {
    if (r.id === target.id) continue;
    const found = byExe.get(r.id) ?? {
      kind: 'python' as const,
      executable: r.executable,
      ...(r.version ? { version: r.version } : {}),
      clients: [],
    };
    if (!found.clients.includes(r.client)) found.clients.push(r.client);
    byExe.set(r.id, found);
  }
  return [...byExe.values()];
}

/** conda and Homebrew are known by where the file sits; dpkg and rpm are asked. */
async function ownerOf(
  path: string,
  realPath: string,
  world: ScopeWorld,
  askPackages: boolean,
): Promise<FileOwner | undefined> {
  const generated = world.platform.generatedBundle(realPath);
  if (generated)
    return {
      manager: 'distribution',
      package: generated.family,
      refreshedBy: generated.refreshedBy,
      anchorDir: generated.anchorDir,
    };
  const byPath = await detectOwner(realPath);
  if (byPath.kind === 'conda' || byPath.kind === 'homebrew') return { manager: byPath.kind };
  if (!askPackages) return undefined;
  const pkg =
    (await world.platform.packageOwner(realPath)) ??
    (realPath !== path ? await world.platform.packageOwner(path) : null);
  return pkg ? { manager: pkg.manager, package: pkg.package } : undefined;
}

/** Who else reads `path`, who owns it, and whether a repair for `target` may change it by default. */
export async function scopeOf(path: string, target: ScopeTarget, world: ScopeWorld): Promise<Scope> {
  const realPath = await realPathOf(path);
  if (isInside(world.dataDir, realPath))
    return { own: true, reason: 'data-dir', readers: pythonReaders(world, realPath, target), realPath };
  const inOwnDir = target.ownDirs.some((d) => isInside(d, realPath));
  const owner = await ownerOf(path, realPath, world, !inOwnDir);
  const readers: Reader[] = [];
  let reason: ScopeReason | undefined;
  if (owner?.manager === 'distribution') {
    readers.push({ kind: 'system-store', family: owner.package ?? '' });
    reason = 'system-store';
  }
  if (world.opensslDefaults.has(realPath)) {
    readers.push({ kind: 'openssl-default' });
    reason ??= 'openssl-default';
  }
  const variable = world.envFiles.get(realPath);
  if (variable) {
    readers.push({ kind: 'env', variable });
    reason ??= 'env';
  }
  const others = pythonReaders(world, realPath, target);
  readers.push(...others);
  if (!reason && (owner?.manager === 'dpkg' || owner?.manager === 'rpm')) reason = 'package';
  if (!reason && inOwnDir) return { own: true, reason: 'own', readers, realPath, ...(owner ? { owner } : {}) };
  return {
    own: false,
    reason: reason ?? (others.length > 0 ? 'other-python' : 'outside'),
    readers,
    realPath,
    ...(owner ? { owner } : {}),
  };
}

/** The scope for people: who else reads the file (the first few interpreters, then a count), and
 * the owner with what its next update does. */
export function scopeMessages(scope: Scope, max = 4): { readers: Message[]; owner?: Message } {
  const readers: Message[] = [];
  let pythons = 0;
  for (const r of scope.readers) {
    if (r.kind === 'python') {
      if (++pythons <= max)
        readers.push(
          msg('repair:reader.python', {
            clients: r.clients.join(', '),
            version: r.version ?? '?',
            executable: r.executable,
          }),
        );
    } else if (r.kind === 'env') readers.push(msg('repair:reader.env', { variable: r.variable }));
    else if (r.kind === 'system-store') readers.push(msg('repair:reader.systemStore', { family: r.family }));
    else readers.push(msg('repair:reader.opensslDefault'));
  }
  if (pythons > max) readers.push(msg('repair:reader.more', { count: pythons - max }));
  const o = scope.owner;
  if (!o) return { readers };
  if (o.manager === 'distribution')
    return {
      readers,
      owner: msg('repair:owner.distribution', { command: o.refreshedBy ?? '', anchorDir: o.anchorDir ?? '' }),
    };
  return { readers, owner: msg(`repair:owner.${o.manager}`, { package: o.package ?? '' }) };
}
