// Pulls the host, the port and the reason out of what a user pastes: a URL, or a whole traceback
// from urllib, requests, pip or twine. Pure, so it is tested directly.
export type FailureReason =
  | 'expired'
  | 'local-issuer'
  | 'issuer'
  | 'self-signed'
  | 'self-signed-chain'
  | 'hostname'
  | 'not-yet-valid'
  | 'strict'
  | 'verify-failed';

export interface ParsedFailure {
  host?: string;
  port: number;
  reason?: FailureReason;
  /** The exact phrase the reason was recognised from. */
  phrase?: string;
  /** The files of a traceback's frames (`File "...", line N`): they tell which interpreter raised it. */
  files?: string[];
}

const REASONS: Array<[FailureReason, RegExp]> = [
  ['expired', /certificate has expired/i],
  ['not-yet-valid', /certificate is not yet valid/i],
  ['local-issuer', /unable to get local issuer certificate/i],
  ['issuer', /unable to get issuer certificate/i],
  ['self-signed-chain', /self[- ]signed certificate in certificate chain/i],
  ['self-signed', /self[- ]signed certificate/i],
  ['hostname', /hostname\s+'?[^'\s]*'?\s+doesn'?t match[^\n)]*|Hostname mismatch[^\n)]*|IP address mismatch[^\n)]*/i],
  [
    'strict',
    /Basic Constraints of CA cert not marked critical|Missing Authority Key Identifier|CA cert does not include key usage extension/i,
  ],
  ['verify-failed', /CERTIFICATE_VERIFY_FAILED|certificate verify failed/i],
];

function hostPort(raw: string, port?: string): { host: string; port: number } | undefined {
  const host = raw.replace(/^\[|\]$/g, '').toLowerCase();
  if (!/^[a-z0-9_.:-]+$/.test(host) || host.length > 253) return undefined;
  const n = port ? Number(port) : 443;
  return { host, port: Number.isInteger(n) && n > 0 && n < 65536 ? n : 443 };
}

export function parseFailure(text: string): ParsedFailure {
  const out: ParsedFailure = { port: 443 };
  const found =
    /HTTPSConnectionPool\(host='([^']+)',\s*port=(\d+)\)/.exec(text) ??
    /https:\/\/(\[[0-9a-fA-F:.]+\]|[^/\s:'")<>]+)(?::(\d+))?/.exec(text) ??
    /hostname '([^']+)' doesn't match/.exec(text) ??
    /^\s*([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::(\d+))?\s*$/i.exec(text);
  if (found?.[1]) {
    const hp = hostPort(found[1], found[2]);
    if (hp) Object.assign(out, hp);
  }
  const files = [...text.matchAll(/^\s*File "([^"\n]+)", line \d+/gm)].map((m) => m[1]!);
  if (files.length) out.files = [...new Set(files)];
  for (const [reason, re] of REASONS) {
    const m = re.exec(text);
    if (m) {
      out.reason = reason;
      out.phrase = m[0].trim();
      break;
    }
  }
  return out;
}

/** The folder a path is in, for both kinds of separator. */
const inside = (prefix: string, path: string): boolean => {
  const p = prefix.replace(/[\\/]+$/, '');
  return path.length > p.length && path.startsWith(p) && (path[p.length] === '/' || path[p.length] === '\\');
};

/**
 * Which of the interpreters raised a traceback, from its frames' files: each file belongs to the
 * interpreter whose sys.prefix is the longest that contains it. Frames in site-packages decide (a
 * venv's stdlib frames sit in its base interpreter's folder); else every frame must agree. No answer
 * when the frames point at several interpreters, or at none.
 */
export function interpreterOfTraceback(
  files: string[] | undefined,
  pythons: Array<{ id: string; prefix?: string }>,
): string | undefined {
  if (!files?.length) return undefined;
  const owner = (file: string): string | undefined => {
    let best: { id: string; length: number } | undefined;
    for (const p of pythons)
      if (p.prefix && inside(p.prefix, file) && p.prefix.length > (best?.length ?? -1))
        best = { id: p.id, length: p.prefix.length };
    return best?.id;
  };
  const site = files.filter((f) => /[\\/](site|dist)-packages[\\/]/.test(f));
  // A frame under no known prefix (a user site folder, a project's own code) says nothing either way.
  const ids = new Set((site.length ? site : files).map(owner).filter((id): id is string => id !== undefined));
  return ids.size === 1 ? [...ids][0] : undefined;
}
