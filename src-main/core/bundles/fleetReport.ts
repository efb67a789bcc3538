// Many machines' `scan --json` reports (schema 2, scanReport.ts) merged into one summary for IT
// (`trustfix report FILE...`): which clients fail on which machines, which stale or broken bundles sit
// where (grouped by owner and version), which roots are missing, counted across machines. Each file is
// checked on its own: one that is not a TrustFix report, has another schema or was cut short is a
// per-file problem, and the others are still merged.
import { z } from 'zod';
import { msg, type Message } from '../messages.ts';
import { SCAN_SCHEMA } from './scanReport.ts';

export const FLEET_SCHEMA = 1;

const status = z.string();
/** Only what the merge reads; every other field of the report is allowed and ignored. */
const machineReportShape = z.looseObject({
  schema: z.literal(SCAN_SCHEMA),
  at: z.string(),
  machine: z.looseObject({
    hostname: z.string(),
    os: z.string(),
    arch: z.string(),
    release: z.string(),
    trustfixVersion: z.string(),
  }),
  summary: z.looseObject({ current: z.number(), stale: z.number(), broken: z.number() }),
  bundles: z.array(
    z.looseObject({
      id: z.string(),
      path: z.string(),
      status,
      owner: z.looseObject({ kind: z.string(), name: z.string().optional(), version: z.string().optional() }),
      details: z
        .looseObject({ missing: z.array(z.looseObject({ fingerprint: z.string(), name: z.string() })).optional() })
        .optional(),
    }),
  ),
  pythons: z
    .array(
      z.looseObject({
        id: z.string(),
        executable: z.string(),
        version: z.string().optional(),
        clients: z
          .record(z.string(), z.looseObject({ available: z.boolean().optional(), status: status.optional() }))
          .optional(),
      }),
    )
    .optional(),
  clients: z.array(z.looseObject({ id: z.string(), name: z.string(), status: status.optional() })).optional(),
});
export type MachineReport = z.infer<typeof machineReportShape>;

/** Where the trust a client uses stands: `fails` when it is stale, broken or not a bundle (the
 * scan's judgement of that file, not a live connection), `works` when current or the OS store. */
export type ClientState = 'fails' | 'works' | 'unknown';

export interface FleetMachine {
  /** The hostname, with " (2)", " (3)" when several files name the same host. */
  name: string;
  file: string;
  hostname: string;
  os: string;
  arch: string;
  release: string;
  trustfixVersion: string;
  at: string;
  bundles: { current: number; stale: number; broken: number };
}

export interface FleetClient {
  /** curl, git, node, ...; Python's clients per Python version: "requests (Python 3.11)". */
  client: string;
  fails: string[];
  works: string[];
  unknown: string[];
}

export interface FleetBundle {
  /** "certifi 2016.02.28" (owner and version), else the bundle's path (`~/...` under the home). */
  key: string;
  owner: string;
  version?: string;
  status: string;
  /** The paths it sits at, across machines. */
  paths: string[];
  machines: string[];
  copies: number;
}

export interface FleetMissingRoot {
  fingerprint: string;
  name: string;
  machines: string[];
  /** Bundles (on all machines together) that lack it. */
  bundles: number;
}

export interface FileProblem {
  file: string;
  problem: Message;
}

export interface FleetReport {
  schema: typeof FLEET_SCHEMA;
  kind: 'trustfix-fleet-report';
  machines: FleetMachine[];
  problems: FileProblem[];
  clients: FleetClient[];
  bundles: FleetBundle[];
  missingRoots: FleetMissingRoot[];
}

/** One file's text as a machine report, or the per-file problem that says why it is not one. */
export function parseMachineReport(file: string, text: string): { report: MachineReport } | FileProblem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { file, problem: msg('bundles:fleet.notJson', { file }) };
  }
  const schema = (value as { schema?: unknown } | null)?.schema;
  const looksLikeScan = typeof value === 'object' && value !== null && 'bundles' in value && 'reference' in value;
  if (!looksLikeScan || (schema !== SCAN_SCHEMA && typeof schema !== 'number'))
    return { file, problem: msg('bundles:fleet.notAReport', { file }) };
  if (schema !== SCAN_SCHEMA)
    return { file, problem: msg('bundles:fleet.otherSchema', { file, schema: String(schema), expected: SCAN_SCHEMA }) };
  const parsed = machineReportShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { file, problem: msg('bundles:fleet.badReport', { file, where: issue ? issue.path.join('.') : '' }) };
  }
  return { report: parsed.data };
}

const FAILING = new Set(['stale', 'broken', 'not-a-bundle']);
const WORKING = new Set(['current', 'os-store']);
const stateOf = (available: boolean | undefined, s: string | undefined): ClientState | undefined =>
  available === false ? undefined : s && FAILING.has(s) ? 'fails' : s && WORKING.has(s) ? 'works' : 'unknown';
const RANK: Record<ClientState, number> = { works: 0, unknown: 1, fails: 2 };
/** Python's version as people name it: 3.11, not 3.11.7. */
const minor = (version: string | undefined): string => (version ? version.split('.').slice(0, 2).join('.') : '?');

function ownerLabel(owner: MachineReport['bundles'][number]['owner']): string {
  return owner.kind === 'sdk' && owner.name ? owner.name : owner.kind;
}

/** Each machine's clients, the worst state where one machine has several (two Pythons 3.11). */
function clientStates(report: MachineReport): Map<string, ClientState> {
  const states = new Map<string, ClientState>();
  const put = (client: string, state: ClientState | undefined): void => {
    if (!state) return;
    const before = states.get(client);
    if (!before || RANK[state] > RANK[before]) states.set(client, state);
  };
  for (const python of report.pythons ?? []) {
    for (const [name, client] of Object.entries(python.clients ?? {}))
      put(`${name} (Python ${minor(python.version)})`, stateOf(client.available, client.status));
  }
  for (const client of report.clients ?? []) put(client.name, stateOf(true, client.status));
  return states;
}

export function mergeReports(
  reports: Array<{ file: string; report: MachineReport }>,
  problems: FileProblem[],
): FleetReport {
  const seen = new Map<string, number>();
  const machines: FleetMachine[] = reports.map(({ file, report }) => {
    const host = report.machine.hostname;
    const n = (seen.get(host) ?? 0) + 1;
    seen.set(host, n);
    return {
      name: n === 1 ? host : `${host} (${n})`,
      file,
      hostname: host,
      os: report.machine.os,
      arch: report.machine.arch,
      release: report.machine.release,
      trustfixVersion: report.machine.trustfixVersion,
      at: report.at,
      bundles: { current: report.summary.current, stale: report.summary.stale, broken: report.summary.broken },
    };
  });

  const clients = new Map<string, FleetClient>();
  const bundles = new Map<string, FleetBundle>();
  const roots = new Map<string, FleetMissingRoot>();
  reports.forEach(({ report }, i) => {
    const machine = machines[i]!.name;
    for (const [client, state] of clientStates(report)) {
      let entry = clients.get(client);
      if (!entry) clients.set(client, (entry = { client, fails: [], works: [], unknown: [] }));
      entry[state].push(machine);
    }
    const rootsHere = new Set<string>();
    for (const b of report.bundles) {
      for (const root of b.details?.missing ?? []) {
        let entry = roots.get(root.fingerprint);
        if (!entry)
          roots.set(
            root.fingerprint,
            (entry = { fingerprint: root.fingerprint, name: root.name, machines: [], bundles: 0 }),
          );
        entry.bundles++;
        if (!rootsHere.has(root.fingerprint)) entry.machines.push(machine);
        rootsHere.add(root.fingerprint);
      }
      if (b.status !== 'stale' && b.status !== 'broken') continue;
      const owner = ownerLabel(b.owner);
      const key = `${b.owner.version ? `${owner} ${b.owner.version}` : b.path}|${b.status}`;
      let entry = bundles.get(key);
      if (!entry) {
        entry = {
          key: b.owner.version ? `${owner} ${b.owner.version}` : b.path,
          owner,
          ...(b.owner.version ? { version: b.owner.version } : {}),
          status: b.status,
          paths: [],
          machines: [],
          copies: 0,
        };
        bundles.set(key, entry);
      }
      entry.copies++;
      if (!entry.paths.includes(b.path)) entry.paths.push(b.path);
      if (!entry.machines.includes(machine)) entry.machines.push(machine);
    }
  });

  const byCount =
    <T>(count: (t: T) => number, name: (t: T) => string) =>
    (a: T, b: T) =>
      count(b) - count(a) || name(a).localeCompare(name(b), 'en');
  return {
    schema: FLEET_SCHEMA,
    kind: 'trustfix-fleet-report',
    machines,
    problems,
    clients: [...clients.values()].sort(
      byCount(
        (c) => c.fails.length,
        (c) => c.client,
      ),
    ),
    bundles: [...bundles.values()].sort(
      byCount(
        (b) => b.machines.length,
        (b) => b.key,
      ),
    ),
    missingRoots: [...roots.values()].sort(
      byCount(
        (r) => r.machines.length,
        (r) => r.name,
      ),
    ),
  };
}

/** One row per machine and finding: a client's state, a stale or broken bundle, a missing root; and
 * a row per file that could not be read. Columns: CSV_COLUMNS. */
export const CSV_COLUMNS = ['machine', 'file', 'kind', 'what', 'status', 'detail'] as const;

export function csvRows(fleet: FleetReport, sentence: (m: Message) => string): string[][] {
  const rows: string[][] = [];
  for (const m of fleet.machines) {
    for (const c of fleet.clients) {
      const state = (['fails', 'works', 'unknown'] as const).find((s) => c[s].includes(m.name));
      if (state) rows.push([m.name, m.file, 'client', c.client, state, '']);
    }
    for (const b of fleet.bundles)
      if (b.machines.includes(m.name)) rows.push([m.name, m.file, 'bundle', b.key, b.status, b.paths.join(' ')]);
    for (const r of fleet.missingRoots)
      if (r.machines.includes(m.name)) rows.push([m.name, m.file, 'missing-root', r.name, 'missing', r.fingerprint]);
  }
  for (const p of fleet.problems) rows.push(['', p.file, 'unreadable', '', 'error', sentence(p.problem)]);
  return rows;
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled; CRLF ends a line. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const field = (f: string): string => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  return rows.map((r) => `${r.map(field).join(',')}\r\n`).join('');
}
