// A certificate file the user has (the private root IT gave them, perhaps with its intermediate), for
// a server whose chain nothing on this machine or from the server completes. For each failing client
// the file's certificates help (a root trusted nowhere, a chain left incomplete), the repairs that add
// what the path needs from it, made by the same proposer as every other repair, so the plan takes
// the narrowest route as it would for a root the server sent. Like such a root, each certificate is
// trusted only after the user confirms its SHA-256.
import type { CertIndex } from '../certs/certIndex.ts';
import type { Platform } from '../platform/types.ts';
import { searchPaths, trustSet } from './paths.ts';
import { proposeRepairs } from './repairs.ts';
import type { Cause, PythonRow } from './types.ts';

/** The causes a missing root (and intermediate) explains. */
const ROOT_CAUSES = new Set<Cause>(['untrusted-root', 'incomplete-chain']);

export interface WithRootFile {
  rows: PythonRow[];
  /** The file's certificates the path needs (intermediates, then the root); empty when it does not
   * complete the server's chain. */
  needed: string[];
  /** How many failing clients now have repairs from the file. */
  helped: number;
}

/**
 * `chain`: the server's certificates as the check saw them (leaf first, AIA ones included);
 * `file`: the fingerprints of the file's certificates, already in `index`.
 */
export function withRootFile(
  rows: PythonRow[],
  chain: string[],
  file: string[],
  index: CertIndex,
  os: Pick<Platform, 'id' | 'truststoreRelaxesStrict'>,
): WithRootFile {
  const leaf = chain[0];
  const roots = file.filter((fp) => index.record(fp).selfIssued);
  if (!leaf || roots.length === 0) return { rows, needed: [], helped: 0 };
  const found = searchPaths(index, leaf, [...chain.slice(1), ...file], trustSet(index, roots), false);
  const path = found.complete[0];
  if (!path) return { rows, needed: [], helped: 0 };
  const needed = path.filter((fp) => file.includes(fp) && !chain.includes(fp));
  if (needed.length === 0) return { rows, needed: [], helped: 0 };
  let helped = 0;
  const out = rows.map((r) => {
    if ((r.pythonSays?.ok ?? r.ok) || !ROOT_CAUSES.has(r.cause)) return r;
    helped++;
    const repairs = proposeRepairs(
      { cause: 'untrusted-root', detail: r.detail, notes: [], path, fromFile: needed },
      { python: r.python, client: r.client, sources: r.sources, os },
      index,
    );
    return { ...r, repairs };
  });
  return { rows: out, needed, helped };
}
