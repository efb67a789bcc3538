// Which clients to run when the caller names none: curl, git, node, uv and conda found on PATH, each
// with the trust source its documented defaults and environment variables give. INTERIM: core/clients
// discovery (branch `clients`) resolves every setting (.curlrc, http.sslCAInfo, .npmrc, uv.toml,
// .condarc) into a ToolClient; once it lands, `check` builds ClientRunSpec from those (toRunSpec) and
// this file keeps only the PATH search for tests. What is read here is a subset of the same rules.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { ClientEnv, ToolClient, ToolSource, ToolTrust } from '../../clients/types.ts';
import type { ClientPlaces } from '../../platform/types.ts';
import { RUNNABLE_CLIENTS, type ClientRunSpec, type RunnableClient } from './types.ts';

async function isProgram(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `name` on PATH, as the shell would run it. */
export async function onPath(name: string, env: ClientEnv, places: ClientPlaces): Promise<string | null> {
  for (const dir of places.pathDirs(env)) {
    for (const file of places.programNames(name)) {
      const full = places.join(dir, file);
      if (await isProgram(full)) return full;
    }
  }
  return null;
}

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
const truthy = (v: string | undefined): boolean => set(v) && !/^(0|false|no|off)$/i.test(v.trim());

const fromEnv = (name: string, kind: 'file' | 'dir', path: string): ToolTrust => ({
  kind,
  sources: [{ kind, path, role: 'override' }],
  steeredBy: { setting: name, where: { kind: 'env', name } },
});
const osStore: ToolTrust = { kind: 'os-store', sources: [{ kind: 'os-store', role: 'default' }] };

/** Where each client looks, from its environment only (documented in docs/check-clients.md). */
export function trustFromEnv(name: RunnableClient, env: ClientEnv): ToolTrust | undefined {
  switch (name) {
    case 'curl':
      // curl(1): CURL_CA_BUNDLE, then SSL_CERT_FILE / SSL_CERT_DIR (OpenSSL builds), else the build's default.
      if (set(env.CURL_CA_BUNDLE)) return fromEnv('CURL_CA_BUNDLE', 'file', env.CURL_CA_BUNDLE);
      if (set(env.SSL_CERT_FILE)) return fromEnv('SSL_CERT_FILE', 'file', env.SSL_CERT_FILE);
      if (set(env.SSL_CERT_DIR)) return fromEnv('SSL_CERT_DIR', 'dir', env.SSL_CERT_DIR);
      return osStore;
    case 'git':
      // git-config(1): GIT_SSL_CAINFO overrides http.sslCAInfo; else libcurl's built-in bundle.
      if (set(env.GIT_SSL_CAINFO)) return fromEnv('GIT_SSL_CAINFO', 'file', env.GIT_SSL_CAINFO);
      return osStore;
    case 'node': {
      // Node's bundled Mozilla roots, plus NODE_EXTRA_CA_CERTS, plus the OS store with
      // NODE_USE_SYSTEM_CA=1 or --use-system-ca in NODE_OPTIONS.
      const sources: ToolSource[] = [{ kind: 'bundled', role: 'default' }];
      if (truthy(env.NODE_USE_SYSTEM_CA) || /--use-system-ca\b/.test(env.NODE_OPTIONS ?? ''))
        sources.push({ kind: 'os-store', role: 'extra' });
      if (set(env.NODE_EXTRA_CA_CERTS)) sources.push({ kind: 'file', path: env.NODE_EXTRA_CA_CERTS, role: 'extra' });
      return { kind: 'bundled', sources };
    }
    case 'uv':
      // uv: SSL_CERT_FILE replaces its roots; UV_SYSTEM_CERTS (UV_NATIVE_TLS) uses the OS verifier;
      // else its bundled webpki roots (Mozilla's list). REQUESTS_CA_BUNDLE is not read.
      if (set(env.SSL_CERT_FILE)) return fromEnv('SSL_CERT_FILE', 'file', env.SSL_CERT_FILE);
      if (truthy(env.UV_SYSTEM_CERTS))
        return {
          ...osStore,
          steeredBy: { setting: 'UV_SYSTEM_CERTS', where: { kind: 'env', name: 'UV_SYSTEM_CERTS' } },
        };
      if (truthy(env.UV_NATIVE_TLS))
        return { ...osStore, steeredBy: { setting: 'UV_NATIVE_TLS', where: { kind: 'env', name: 'UV_NATIVE_TLS' } } };
      return { kind: 'bundled', sources: [{ kind: 'bundled', role: 'default' }] };
    case 'conda':
      // conda: ssl_verify in .condarc wins, then REQUESTS_CA_BUNDLE; its default is the certifi of
      // its own install, which only discovery can locate: no prediction without one of them.
      if (set(env.REQUESTS_CA_BUNDLE)) return fromEnv('REQUESTS_CA_BUNDLE', 'file', env.REQUESTS_CA_BUNDLE);
      return undefined;
  }
}

export async function clientsOnPath(env: ClientEnv, places: ClientPlaces): Promise<ClientRunSpec[]> {
  const found = await Promise.all(
    RUNNABLE_CLIENTS.map(async (name) => ({ name, exe: await onPath(name, env, places) })),
  );
  return found.flatMap(({ name, exe }) => {
    if (!exe) return [];
    const trust = trustFromEnv(name, env);
    return [{ name, executable: exe, env, ...(trust ? { trust } : {}) }];
  });
}

/** A client core/clients discovery found, as a run (only the clients `check` knows how to run). */
export function toRunSpec(client: ToolClient, env: ClientEnv): ClientRunSpec | null {
  if (!(RUNNABLE_CLIENTS as readonly string[]).includes(client.name)) return null;
  return {
    name: client.name as RunnableClient,
    executable: client.executable,
    env,
    trust: client.trust,
    ...(client.version ? { version: client.version } : {}),
  };
}
