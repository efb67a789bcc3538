// pythons.list: every interpreter (discovery + probe, cached probes reused), each client's trust
// tied to the scan's verdicts (attachVerdicts), so the bundles table learns its "used by" column.
// Probed once per session; `refresh` probes again. Requests name interpreters by the ids made here.
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import { attachVerdicts } from '../core/pythons/attach.ts';
import { scanPythons } from '../core/pythons/probeAll.ts';
import { CLIENTS, type PythonInfo } from '../core/pythons/types.ts';
import { msg, Problem } from '../core/messages.ts';
import { steerWords } from '../core/pythons/steerWords.ts';
import type { Session } from './session.ts';
import type { PythonClientCell, PythonRow, UsedBy } from './types.ts';

export function loadPythons(session: Session, refresh = false): Promise<PythonInfo[]> {
  if (!session.pythons || refresh) {
    const o = session.options;
    const run = (async () => {
      const scan = await scanPythons({
        ...(o.pythons?.length ? { pythons: o.pythons } : {}),
        only: o.onlyPython === true,
        dataDir: o.dataDir,
        ...(o.env ? { env: o.env } : {}),
        ...(refresh ? { useCache: false } : {}),
      });
      await attachToBundles(session, scan.pythons);
      session.pythonsKnown = scan.pythons;
      return scan.pythons;
    })();
    session.pythons = run;
    run.catch(() => {
      if (session.pythons === run) session.pythons = undefined; // try again next time
    });
  }
  return session.pythons;
}

/** Gives every bundle its users; bundles only the interpreters led to join the table. */
export async function attachToBundles(session: Session, pythons: PythonInfo[]): Promise<void> {
  const scanned: BundleVerdict[] = session.scan?.verdicts ?? [];
  for (const v of session.allBundles()) v.usedBy = [];
  const attached = await attachVerdicts(pythons, [...scanned, ...session.extraBundles.values()], await session.ctx());
  const inScan = new Set(scanned.map((v) => v.id));
  for (const v of attached.bundles) if (!inScan.has(v.id)) session.extraBundles.set(v.id, v);
}

export function toPythonRow(p: PythonInfo): PythonRow {
  const clients: PythonRow['clients'] = {};
  for (const name of CLIENTS) {
    const c = p.clients[name];
    if (!c) continue;
    const cell: PythonClientCell = {
      available: c.available,
      source: c.source,
      steeredBy: c.steeredBy,
      steer: steerWords(c.steeredBy),
    };
    if (c.version) cell.version = c.version;
    if (c.status) cell.status = c.status;
    if (c.bundleId) cell.bundleId = c.bundleId;
    if (c.reason ?? c.missingReason) cell.reason = (c.reason ?? c.missingReason)!;
    clients[name] = cell;
  }
  return {
    id: p.id,
    executable: p.executable,
    ...(p.prefix ? { prefix: p.prefix } : {}),
    ...(p.version ? { version: p.version } : {}),
    ...(p.implementation ? { implementation: p.implementation } : {}),
    isVenv: p.isVenv === true,
    foundBy: p.foundBy,
    ...(p.error ? { error: p.error } : {}),
    clients,
  };
}

/** Worst first, then by version, newest first: the interpreters most likely to need the user first. */
export function sortPythons(rows: PythonRow[]): PythonRow[] {
  const v = (r: PythonRow): number[] => (r.version ?? '0').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return [...rows].sort((a, b) => {
    if (Boolean(a.error) !== Boolean(b.error)) return a.error ? 1 : -1;
    const va = v(a);
    const vb = v(b);
    for (let i = 0; i < 3; i++) if ((va[i] ?? 0) !== (vb[i] ?? 0)) return (vb[i] ?? 0) - (va[i] ?? 0);
    return a.executable.localeCompare(b.executable);
  });
}

export function usedByOf(v: BundleVerdict, session: Session): UsedBy[] {
  if (!v.usedBy?.length) return [];
  return v.usedBy.map((u) => {
    const version = session.pythonsKnown.find((p) => p.id === u.pythonId)?.version;
    return { pythonId: u.pythonId, client: u.client, as: u.as, ...(version ? { version } : {}) };
  });
}

/** The interpreters a request names, each one found by this session; an unknown id is refused. */
export async function pythonsByIds(session: Session, ids: string[]): Promise<PythonInfo[]> {
  const all = await loadPythons(session);
  return ids.map((id) => {
    const found = all.find((p) => p.id === id);
    if (!found) throw new Problem(msg('app:api.unknownPython', { id }));
    if (found.error) throw new Problem(found.error);
    return found;
  });
}
