// What every client's `trust ROOT` planner shares: the plan context, whether a client already trusts
// the root, the bytes of what it trusts today, and TrustFix's merged bundle for a client that takes
// exactly one file (what it trusts today + ROOT, in a marked block, in TrustFix's data folder).
import { execa } from 'execa';
import { join } from 'node:path';
import { derToPem } from '../../certs/certIndex.ts';
import { splitBundle } from '../../certs/pem.ts';
import { sha256Hex } from '../../certs/record.ts';
import type { ClientEnv, ToolClient, ToolSource } from '../../clients/types.ts';
import { msg, Problem, type Message } from '../../messages.ts';
import type { ClientPlaces } from '../../platform/types.ts';
import type { ActionCheck, ActionRecord, FileChange } from '../action.ts';
import { appendBlocks, markedBlock } from '../bundleText.ts';
import { identify } from '../pathGuard.ts';
import { checkAddedLines } from './forbidden.ts';
import { fileChange, type PlanContext } from '../planContext.ts';
import type { TrustRoot } from './root.ts';

export interface ToolPlanContext {
  pc: PlanContext;
  root: TrustRoot;
  /** The environment the clients were found in (never process.env read directly by a planner). */
  env: ClientEnv;
  places: ClientPlaces;
  /** Every client found (npm asks for node's roots). */
  all: ToolClient[];
}

/** How `trust` dealt with one client. */
export type TrustStatus =
  | 'planned' // its step is in the plan
  | 'already' // it trusts ROOT today: nothing to do
  | 'needs-os-store' // its only route is the OS store, and ROOT is not there yet
  | 'overridden' // an environment variable decides for it: a settings file would not be read
  | 'no-setting' // it has no persistent setting TrustFix can use here
  | 'refused' // planning refused (the reason says why)
  | 'offered' // its only steps change files other programs read: offered, unticked (--include oN)
  | 'skipped'; // the user left it out (--skip / --only)

/** The persistent setting a client gets, by name (docs/trust-root.md has one section per route). */
export type TrustRoute =
  | 'curlrc-cacert'
  | 'git-sslcainfo'
  | 'git-schannel'
  | 'node-extra-ca-certs'
  | 'node-use-system-ca'
  | 'npmrc-cafile'
  | 'uv-system-certs'
  | 'uv-native-tls'
  | 'condarc-truststore'
  | 'condarc-file'
  | 'poetry-cert'
  | 'aws-ca-bundle'
  | 'python-own-files'
  | 'python-offered';

/** One planner's answer for one or more clients that share a setting (conda and mamba; aws and botocore). */
export interface ToolAnswer {
  clients: ToolClient[];
  status: TrustStatus;
  route?: TrustRoute;
  action?: Omit<ActionRecord, 'id'>;
  reasons: Message[];
  /** Variables the setting persists for new login shells (node's), for a re-check run. */
  envAfter?: Record<string, string>;
}

export const answer = (
  clients: ToolClient[],
  status: TrustStatus,
  reasons: Message[] = [],
  route?: TrustRoute,
): ToolAnswer => ({ clients, status, reasons, ...(route ? { route } : {}) });

export const mainSource = (c: ToolClient): ToolSource | undefined => c.trust.sources.find((s) => s.role !== 'extra');

/** The certificates in a PEM/DER file's bytes, as SHA-256 fingerprints. */
export const fingerprintsOf = (bytes: Buffer): string[] => [
  ...new Set(splitBundle(bytes).ders.map((d) => sha256Hex(d))),
];

async function fileBytes(path: string): Promise<Buffer | null> {
  try {
    return (await identify(path))?.bytes ?? null;
  } catch {
    return null;
  }
}

/** Node's compiled-in Mozilla roots as that very node reports them (npm's default when it has no cafile). */
export async function nodeBundledRoots(node: string): Promise<Buffer> {
  const run = await execa(node, ['-e', 'process.stdout.write(require("tls").rootCertificates.join("\\n") + "\\n")'], {
    reject: false,
    timeout: 30_000,
    stdin: 'ignore',
    env: { NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: '' },
  });
  if (run.exitCode !== 0 || !String(run.stdout).includes('BEGIN CERTIFICATE'))
    throw new Problem(msg('trust:refused.nodeRoots', { node }));
  return Buffer.from(String(run.stdout));
}

/** The bytes of one source as a PEM file: a file's own bytes; the OS store's roots; a folder gives
 * nothing (it stays in force beside a file for curl and git). */
export async function sourceBytes(tc: ToolPlanContext, s: ToolSource): Promise<Buffer> {
  if (s.kind === 'file' && s.path) {
    const bytes = await fileBytes(s.path);
    if (bytes === null) throw new Problem(msg('trust:refused.unreadableSource', { path: s.path }));
    return bytes;
  }
  if (s.kind === 'os-store')
    return Buffer.from(
      [...tc.pc.ctx.osStore.fingerprints].map((fp) => derToPem(tc.pc.ctx.index.get(fp)!.der)).join(''),
    );
  return Buffer.alloc(0);
}

/** Whether one of the client's sources (main or extra) holds ROOT already. */
export async function trustsRoot(tc: ToolPlanContext, c: ToolClient): Promise<boolean> {
  for (const s of c.trust.sources) {
    if (s.kind === 'os-store' && tc.root.inOsStore) return true;
    if (s.kind === 'file' && s.path) {
      const bytes = await fileBytes(s.path);
      if (bytes && fingerprintsOf(bytes).includes(tc.root.fingerprint)) return true;
    }
  }
  return false;
}

/** TrustFix's bundle for one client, in its data folder. */
export const mergedPath = (tc: ToolPlanContext, name: string): string => join(tc.pc.dataDir, 'trust', `${name}-ca.pem`);

/**
 * The merged bundle: `base` (what the client trusts today, byte for byte) + ROOT in a marked block,
 * unless `base` holds it. Returns the file change, and the read-back that it holds ROOT.
 */
export async function mergedBundle(
  tc: ToolPlanContext,
  name: string,
  base: Buffer,
  why: string,
): Promise<{ path: string; change: FileChange | null; check: ActionCheck }> {
  const path = mergedPath(tc, name);
  const { pc, root } = tc;
  const content = fingerprintsOf(base).includes(root.fingerprint)
    ? base
    : appendBlocks(base, [markedBlock(root.der, pc.ctx.index, { who: pc.who, when: pc.now.toISOString(), why })]);
  const now = await fileBytes(path);
  const change =
    now && now.equals(content)
      ? null
      : (await fileChange(pc, path, content, 'data-dir', { kind: 'bundle', fingerprints: fingerprintsOf(content) }))
          .change;
  return { path, change, check: { kind: 'file-has-certificate', path, fingerprint: root.fingerprint } };
}

/** A settings file's change from its current text, with the exact bytes it was computed from. */
export async function settingsChange(
  tc: ToolPlanContext,
  path: string,
  edit: (old: string) => string,
): Promise<FileChange | null> {
  const now = await identify(path);
  const old = now?.bytes ?? null;
  const before = old ? old.toString('utf8') : '';
  const after = edit(before);
  checkAddedLines(before, after);
  const next = Buffer.from(after, 'utf8');
  if (old && old.equals(next)) return null;
  return (await fileChange(tc.pc, path, next, 'profile', { kind: 'text' }, old)).change;
}

/** `major.minor.patch` at least `floor` (missing parts count as 0); an unknown version is not. */
export function atLeast(version: string | undefined, floor: [number, number, number]): boolean {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  for (let i = 0; i < 3; i++) if (v[i]! !== floor[i]) return v[i]! > floor[i]!;
  return true;
}

/** The record every trust action shares: kind, where, undo by the journal's exact bytes. */
export function trustAction(r: {
  what: Message;
  why: Message;
  where: string;
  changes: ActionRecord['changes'];
  checks: ActionCheck[];
  notes?: Message[];
}): Omit<ActionRecord, 'id'> {
  return {
    kind: 'client-setting',
    what: r.what,
    where: r.where,
    why: r.why,
    elevation: { needed: false },
    undo: msg('trust:undo.restore', {
      files: r.changes.flatMap((c) => (c.type === 'file' ? [c.path] : [])).join(', '),
    }),
    notes: r.notes ?? [],
    changes: r.changes,
    checks: r.checks,
  };
}

export const compact = <T>(xs: Array<T | null | undefined>): T[] =>
  xs.filter((x): x is T => x !== null && x !== undefined);
