// Every file a client reads gets a verdict, as pythons/attach.ts does for interpreters: the scan's
// own when the disk walk judged that file, else judged here with judgeFile (certificates parsed once
// per distinct file by the context's reader). A folder is "unknown", the OS verifier "os-store"; a
// client's compiled-in list is judged from the temporary PEM its finder wrote, then that path is
// dropped (it is gone when the scan ends).
import { realpath } from 'node:fs/promises';
import type { TrustContext } from '../context.ts';
import { judgeFile, type BundleVerdict } from '../bundles/verdict.ts';
import type { ToolClient, ToolSource } from './types.ts';

export async function attachClientVerdicts(
  clients: ToolClient[],
  verdicts: BundleVerdict[],
  ctx: TrustContext,
  signal?: AbortSignal,
): Promise<BundleVerdict[]> {
  const byReal = new Map<string, Promise<BundleVerdict>>();
  for (const v of verdicts) byReal.set(v.realPath, Promise.resolve(v));
  const all = [...verdicts];
  const verdictFor = async (path: string, keep: boolean): Promise<BundleVerdict> => {
    const real = await realpath(path).catch(() => path);
    let p = byReal.get(real);
    if (!p) {
      p = judgeFile(path, ctx, signal);
      byReal.set(real, p);
      if (keep) void p.then((v) => all.push(v));
    }
    return p;
  };

  const judge = async (s: ToolSource): Promise<void> => {
    if (s.status) return; // a source shared by npm and node is judged once
    if (s.kind === 'os-store') s.status = 'os-store';
    else if (s.kind === 'dir' || s.kind === 'inline' || !s.path) s.status = 'unknown';
    else if (s.kind === 'bundled') {
      const v = await verdictFor(s.path, false);
      s.status = v.status;
    } else {
      const v = await verdictFor(s.path, true);
      s.status = v.status;
      s.bundleId = v.id;
    }
  };

  for (const c of clients) {
    for (const s of c.trust.sources) await judge(s);
    if (c.bundled) await judge(c.bundled);
    const main = c.trust.sources[0];
    if (!c.status && main?.status) c.status = main.status;
    if (!c.status && !c.insecure) c.status = 'unknown';
    if (main?.bundleId) c.bundleId = main.bundleId;
  }
  for (const c of clients) for (const s of c.trust.sources) if (s.kind === 'bundled') delete s.path;
  await Promise.all(byReal.values());
  return all;
}
