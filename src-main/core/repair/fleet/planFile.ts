// A plan file (`plan.json`, written by `trustfix plan trust ROOT --for ENGINE`) read back on a target
// machine by `trustfix apply PLAN.json`. The file travels through other people's tools, so nothing in it
// is taken on trust: it must be a regular file of sane size, valid JSON of the documented shape, and
// its root's PEM must hash to the SHA-256 it names (the same SHA-256 every artifact carries), else it
// is refused before anything is planned.
import { z } from 'zod';
import { splitBundle } from '../../certs/pem.ts';
import { sha256Hex } from '../../certs/record.ts';
import { readRegularFile } from '../../certs/regularFile.ts';
import { msg, Problem } from '../../messages.ts';
import type { FleetPlan } from './types.ts';

/** A plan file is a few kilobytes; anything past this is not one. */
const MAX_PLAN_BYTES = 4 * 1024 * 1024;

const settingShape = z.looseObject({
  client: z.string().min(1),
  kind: z.enum(['os-store', 'env', 'ini', 'git-config', 'toml', 'yaml']),
  key: z.string().optional(),
  value: z.string().optional(),
  file: z.string().optional(),
  why: z.string(),
});

const planFileShape = z.looseObject({
  engine: z.string(),
  fleetPlan: z.looseObject({
    root: z.looseObject({
      name: z.string(),
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
      pem: z.string().min(1),
      fileName: z.string(),
    }),
    os: z.enum(['linux', 'windows', 'darwin']),
    settings: z.array(settingShape),
    trustfixVersion: z.string(),
    generatedAt: z.string(),
  }),
});

export interface PlanFile {
  engine: string;
  plan: FleetPlan;
  /** The root's DER, checked against plan.root.sha256. */
  der: Buffer;
  /** The clients the plan names, in its order (the OS store step itself left out); never empty. */
  clients: string[];
}

/** The plan file at `path`, checked; a Problem for people when it is not a usable plan. */
export async function readPlanFile(path: string): Promise<PlanFile> {
  const read = await readRegularFile(path, { maxBytes: MAX_PLAN_BYTES });
  if (!read.ok) throw new Problem(msg('fleet:apply.unreadable', { path, reason: read.failure }));
  let json: unknown;
  try {
    json = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    throw new Problem(msg('fleet:apply.notJson', { path }));
  }
  const parsed = planFileShape.safeParse(json);
  if (!parsed.success) throw new Problem(msg('fleet:apply.notAPlan', { path }));
  const plan = parsed.data.fleetPlan as FleetPlan;
  const { ders } = splitBundle(Buffer.from(plan.root.pem, 'utf8'));
  const der = ders[0];
  if (ders.length !== 1 || !der) throw new Problem(msg('fleet:apply.rootNotOne', { path }));
  const actual = sha256Hex(der);
  if (actual.toLowerCase() !== plan.root.sha256.toLowerCase())
    throw new Problem(msg('fleet:apply.rootMismatch', { path, expected: plan.root.sha256, actual }));
  // Clients that only read the store are still named: on this machine `trust` gives each its own
  // narrowest setting. An empty list would mean "every client" to the planner, so it is refused.
  const clients = [...new Set(plan.settings.map((s) => s.client).filter((c) => c !== 'os-store'))];
  if (clients.length === 0) throw new Problem(msg('fleet:apply.noClients', { path }));
  return { engine: parsed.data.engine, plan, der, clients };
}
