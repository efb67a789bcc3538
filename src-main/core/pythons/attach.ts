// Ties the interpreters to the scan: every file a client reads gets the scan's verdict (judged
// here with judgeFile when the disk walk did not reach it), and every bundle learns which
// interpreters and clients read it (`usedBy`). Used by `trustfix scan`, `trustfix pythons` and the app.
import { realpath } from 'node:fs/promises';
import type { TrustContext } from '../context.ts';
import { judgeFile, type BundleUse, type BundleVerdict } from '../bundles/verdict.ts';
import { msg } from '../messages.ts';
import type { ClientTrust, PythonInfo, TrustSource } from './types.ts';
import { CLIENTS } from './types.ts';

export interface Attached {
  pythons: PythonInfo[];
  /** The scan's verdicts plus the bundles that only the interpreters led to, each with usedBy. */
  bundles: BundleVerdict[];
  /** How many bundles were judged here because the scan had not seen them. */
  added: number;
}

function sourcePath(s: TrustSource): string | undefined {
  if (s.kind === 'file') return s.path;
  if (s.kind === 'os-store') return s.path;
  return undefined;
}

export async function attachVerdicts(
  pythons: PythonInfo[],
  verdicts: BundleVerdict[],
  ctx: TrustContext,
): Promise<Attached> {
  const byReal = new Map<string, BundleVerdict>();
  for (const v of verdicts) byReal.set(v.realPath, v);
  const all = [...verdicts];
  let added = 0;
  const pending = new Map<string, Promise<BundleVerdict>>();

  const verdictFor = async (path: string): Promise<BundleVerdict> => {
    const real = await realpath(path).catch(() => path);
    const known = byReal.get(real);
    if (known) return known;
    let p = pending.get(real);
    if (!p) {
      p = judgeFile(path, ctx).then((v) => {
        byReal.set(real, v);
        all.push(v);
        added++;
        return v;
      });
      pending.set(real, p);
    }
    return p;
  };

  const use = (v: BundleVerdict, python: PythonInfo, client: ClientTrust, as: BundleUse['as']): void => {
    v.usedBy ??= [];
    if (!v.usedBy.some((u) => u.pythonId === python.id && u.client === client.client && u.as === as))
      v.usedBy.push({ pythonId: python.id, executable: python.executable, client: client.client, as });
  };

  for (const python of pythons) {
    for (const name of CLIENTS) {
      const client = python.clients[name];
      if (!client?.available) continue;
      for (const s of client.sources) {
        const path = sourcePath(s);
        if (s.kind === 'dir') {
          s.status = 'unknown';
        } else if (!path) {
          s.status = 'os-store';
        } else {
          const v = await verdictFor(path);
          s.status = v.status;
          s.bundleId = v.id;
          use(v, python, client, 'source');
        }
      }
      const main =
        client.sources.find((s) =>
          s.kind === 'os-store' ? client.source === 'os-store' : sourcePath(s) === client.source,
        ) ?? client.sources[0];
      if (main?.status) client.status = main.status;
      if (main?.bundleId) client.bundleId = main.bundleId;
      if (!main) {
        client.status = 'unknown';
        client.reason = msg('pythons:reason.noSource');
      }
      if (client.bundled) {
        const v = await verdictFor(client.bundled.path);
        client.bundled.status = v.status;
        client.bundled.bundleId = v.id;
        if (!client.sources.some((s) => s.bundleId === v.id)) use(v, python, client, 'bundled');
      }
    }
  }
  return { pythons, bundles: all, added };
}

/** Does any interpreter have a client whose trust is broken or stale? */
export function pythonsHaveProblems(pythons: PythonInfo[]): boolean {
  return pythons.some(
    (p) =>
      p.error || Object.values(p.clients).some((c) => c?.available && (c.status === 'broken' || c.status === 'stale')),
  );
}
