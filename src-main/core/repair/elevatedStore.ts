// Which OS store commands the elevated process will run: only ones it builds itself, the same way the
// planner does (platform/*.ts), never a command line taken from the batch file. On Linux those are
// the distributions' fixed refresh commands; on Windows and macOS the add/remove commands for the one
// CA certificate in `certFile` (a PEM in TrustFix's data folder), and Windows Update's refresh.
import { createHash, X509Certificate } from 'node:crypto';
import { dirname, join } from 'node:path';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import type { CommandSpec, Platform } from '../platform/types.ts';
import type { ElevatedStoreRecord } from './elevation.ts';
import { checkPathSyntax, readRegularOrRefuse, realPathOf, refuse } from './pathGuard.ts';

export function sameCommand(a: CommandSpec, b: CommandSpec): boolean {
  return (
    a.file === b.file &&
    a.input === b.input &&
    a.args.length === b.args.length &&
    a.args.every((x, i) => x === b.args[i])
  );
}

async function commandsForCert(platform: Platform, dataDir: string, certFile: string): Promise<CommandSpec[]> {
  checkPathSyntax(certFile);
  const storeDir = await realPathOf(join(dataDir, 'store'));
  if (dirname(await realPathOf(certFile)) !== storeDir) refuse('notAFinding', { path: certFile });
  const ders = splitBundle(await readRegularOrRefuse(certFile)).ders;
  if (ders.length !== 1) refuse('oneCertificate', { from: certFile });
  const der = ders[0]!;
  const x509 = new X509Certificate(der);
  if (!x509.ca)
    refuse('notCa', { name: x509.subject.replace(/\n/g, ', '), fingerprint: sha256Hex(der), from: certFile });
  const spec = platform.storeAdd(certFile, {
    sha1: createHash('sha1').update(der).digest('hex'),
    sha256: sha256Hex(der),
  });
  return spec ? [...spec.run, ...spec.undo] : [];
}

/** The commands this record may run, as the elevated process itself would build them. */
export async function allowedStoreCommands(
  platform: Platform,
  dataDir: string,
  record: ElevatedStoreRecord,
): Promise<CommandSpec[]> {
  const rules = platform.storeAllowlist;
  const allowed = [...rules.refreshes(join(dataDir, 'store'))];
  if (rules.certCommands && record.certFile)
    allowed.push(...(await commandsForCert(platform, dataDir, record.certFile)));
  return allowed;
}

/** Refuses the record unless its command and every undo command are ones built here. */
export async function checkStoreRecord(
  platform: Platform,
  dataDir: string,
  record: ElevatedStoreRecord,
): Promise<void> {
  const allowed = await allowedStoreCommands(platform, dataDir, record);
  for (const spec of [record.run, ...record.undo]) {
    if (!allowed.some((a) => sameCommand(a, spec)))
      refuse('notAStoreCommand', { command: [spec.file, ...spec.args].join(' ') });
  }
}
