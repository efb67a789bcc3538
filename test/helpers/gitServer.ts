// A real HTTPS git server on 127.0.0.1: a bare repository with one commit, served over git's "dumb"
// HTTP protocol (static files after `git update-server-info`) by a Node HTTPS server with a certificate
// from a private CA. `git ls-remote URL` and `git clone URL` work against it; a client that does not
// trust the chain fails in the TLS handshake, exactly as against a real forge.
import { execa } from 'execa';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import type { UpstreamPki } from './upstreamPki.ts';

export interface GitServer {
  /** https://127.0.0.1:PORT/probe.git */
  repoUrl: string;
  url: string;
  port: number;
  /** The commit the repository's main branch points to. */
  head: string;
  requests: string[];
  stop: () => Promise<void>;
}

/** Git with no user or system config: the test decides everything. */
export const GIT_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };

async function makeRepo(dir: string): Promise<{ bare: string; head: string }> {
  const work = join(dir, 'git-work');
  const bare = join(dir, 'git-root', 'probe.git');
  mkdirSync(work, { recursive: true });
  const git = (args: string[], cwd: string) =>
    execa('git', args, {
      cwd,
      timeout: 30_000,
      env: {
        ...GIT_ENV,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
  await git(['init', '-q', '-b', 'main'], work);
  await git(['commit', '-q', '--allow-empty', '-m', 'probe'], work);
  const head = (await git(['rev-parse', 'HEAD'], work)).stdout.trim();
  await git(['clone', '-q', '--bare', work, bare], dir);
  await git(['update-server-info'], bare);
  return { bare, head };
}

export async function startGitServer(dir: string, pki: UpstreamPki): Promise<GitServer> {
  const { head } = await makeRepo(dir);
  const root = join(dir, 'git-root');
  const requests: string[] = [];
  const server: Server = createServer({ cert: pki.cert, key: pki.key }, (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(path);
    const file = normalize(join(root, path));
    // A plain static server: no smart-protocol content type, so git falls back to the dumb protocol.
    try {
      if (!file.startsWith(root + sep) || !statSync(file).isFile()) throw new Error('not a file');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/`,
    repoUrl: `https://127.0.0.1:${port}/probe.git`,
    port,
    head,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
