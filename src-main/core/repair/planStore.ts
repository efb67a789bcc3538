// os-store: add a root to the OS store (Linux: anchor file + the distribution's refresh; Windows:
// certutil into LocalMachine\Root; macOS: security add-trusted-cert into the System keychain), or
// refresh Windows' store from Windows Update. Never removes anything but what it added.
import { createHash, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { derToPem } from '../certs/certIndex.ts';
import { rootProfile } from '../certs/mobileconfig.ts';
import { sha256Hex } from '../certs/record.ts';
import { msg, type Message } from '../messages.ts';
import type { ActionRecord, Change } from './action.ts';
import { refuse } from './pathGuard.ts';
import { checkCa } from './planBundle.ts';
import { elevationFor, fileChange, type PlanContext } from './planContext.ts';

export async function planOsStoreAdd(
  pc: PlanContext,
  der: Buffer,
  from: string,
  why: Message,
  id = 'a1',
): Promise<ActionRecord> {
  const x509: X509Certificate = checkCa(der, from);
  const sha256 = sha256Hex(der);
  const sha1 = createHash('sha1').update(der).digest('hex');
  const pem = Buffer.from(derToPem(der));
  // Windows and macOS tools read the root from a file: TrustFix keeps it in its data folder.
  const pemPath = join(storeDir(pc.dataDir), `${sha256.slice(0, 16)}.pem`);
  const spec = pc.ctx.platform.storeAdd(pemPath, { sha1, sha256 });
  if (!spec) refuse('noStoreTool');
  const changes: Change[] = [];
  const target = spec.anchorFile ?? pemPath;
  changes.push(
    (
      await fileChange(pc, target, pem, spec.anchorFile ? 'os-store' : 'data-dir', {
        kind: 'bundle',
        fingerprints: [sha256],
      })
    ).change,
  );
  const elevated = pc.ctx.platform.storeNeedsElevation();
  spec.run.forEach((run, i) =>
    changes.push({
      type: 'command',
      label: msg('repair:command.store', { store: spec.store }),
      run,
      undo: i === spec.run.length - 1 ? spec.undo : [],
      undoLast: spec.anchorFile !== undefined,
      elevated,
      ...(spec.anchorFile ? {} : { certFile: pemPath, workDir: storeDir(pc.dataDir) }),
    }),
  );
  const elevation = spec.anchorFile
    ? await elevationFor(spec.anchorFile)
    : { needed: true, why: msg('repair:elevation.osStore', { store: spec.store }) };
  return {
    id,
    kind: 'os-store',
    what: msg('repair:what.osStore', {
      name: x509.subject.replace(/\n/g, ', '),
      fingerprint: sha256,
      store: spec.store,
    }),
    where: spec.store,
    why,
    elevation: elevation.needed ? elevation : { needed: false },
    undo: msg('repair:undo.osStore', { store: spec.store }),
    // macOS: the admin password `security add-trusted-cert` asks for, and the MDM route on a managed Mac.
    notes: [msg('repair:note.neverDeletes'), ...((await pc.ctx.platform.storeAddNotes?.({ sha1, sha256 })) ?? [])],
    changes,
    // The store read back after its commands: the generated bundle (Linux), the thumbprint in
    // LocalMachine\Root (Windows), the SHA-1 line of the System keychain (macOS).
    checks: [spec.readBack],
  };
}

/**
 * A root as a configuration profile for IT (`os-store add ROOT --profile FILE`): the MDM route for a
 * managed Mac, written to a file the user names. Changes no store, needs no administrator, on any OS.
 */
export async function planMacProfile(
  pc: PlanContext,
  der: Buffer,
  from: string,
  outPath: string,
  id = 'a1',
): Promise<ActionRecord> {
  const x509: X509Certificate = checkCa(der, from);
  const sha256 = sha256Hex(der);
  const name = x509.subject.replace(/\n/g, ', ');
  const { change } = await fileChange(pc, outPath, Buffer.from(rootProfile(der, sha256, name)), 'user-picked', {
    kind: 'text',
  });
  return {
    id,
    kind: 'export',
    what: msg('repair:what.macProfile', { name, fingerprint: sha256, path: outPath }),
    where: outPath,
    why: msg('repair:why.macProfile'),
    elevation: await elevationFor(outPath),
    undo: change.before
      ? msg('repair:undo.restoreBytes', { path: outPath })
      : msg('repair:undo.removeFile', { path: outPath }),
    notes: [msg('repair:note.macProfile')],
    changes: [change],
  };
}

/** TrustFix's folder for what the OS store tools read and write (a root's PEM, Windows Update's SST). */
export function storeDir(dataDir: string): string {
  return join(dataDir, 'store');
}

export function planOsStoreRefresh(pc: PlanContext, id = 'a1'): ActionRecord {
  const spec = pc.ctx.platform.storeRefresh(storeDir(pc.dataDir));
  if (!spec) refuse('noStoreRefresh', { platform: pc.ctx.platform.id });
  return {
    id,
    kind: 'os-store',
    what: msg('repair:what.osStoreRefresh'),
    where: spec.store,
    why: msg('repair:why.osStoreRefresh'),
    elevation: { needed: true, why: msg('repair:elevation.osStore', { store: spec.store }) },
    undo: msg('repair:undo.osStoreRefresh'),
    notes: [msg('repair:note.neverDeletes')],
    // certutil writes roots.sst into store/, which a fresh data folder does not have yet.
    changes: spec.run.map((r) => ({
      type: 'command' as const,
      label: msg('repair:command.store', { store: spec.store }),
      run: r,
      undo: [],
      elevated: true,
      workDir: storeDir(pc.dataDir),
    })),
    // Both programs may exit 0 and do nothing: the list must be there and every root of it in the store.
    checks: [spec.readBack],
  };
}
