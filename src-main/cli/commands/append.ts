// `trustfix append --to BUNDLE [CERT_FILE...] [--from-os-store FINGERPRINT...] [--yes]`
import { Command } from '@commander-js/extra-typings';
import { splitBundle } from '../../core/certs/pem.ts';
import { msg } from '../../core/messages.ts';
import { planAppend, type CertInput } from '../../core/repair/planBundle.ts';
import { checkPathSyntax, readRegularOrRefuse, refuse } from '../../core/repair/pathGuard.ts';
import type { PlanContext } from '../../core/repair/planContext.ts';
import { bundleFinding, planAndApply, planContext, type RepairOptions } from '../repair/run.ts';

export async function certsFromFiles(files: string[]): Promise<CertInput[]> {
  const out: CertInput[] = [];
  for (const f of files) {
    checkPathSyntax(resolveKeepingDots(f));
    // Only a regular file, opened without blocking: a FIFO or /dev/zero given here is refused at once.
    const ders = splitBundle(await readRegularOrRefuse(f)).ders;
    if (ders.length === 0) refuse('notACertificate', { from: f });
    for (const der of ders) out.push({ der, from: f });
  }
  return out;
}

/** resolve() would silently fold `..` away; a path that says `..` is refused, not normalised. */
export function resolveKeepingDots(p: string): string {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) ? p : `${process.cwd()}/${p}`;
}

export function certsFromOsStore(pc: PlanContext, prefixes: string[]): CertInput[] {
  return prefixes.map((prefix) => {
    const p = prefix.toLowerCase().replace(/[^0-9a-f]/g, '');
    const hits = [...pc.ctx.osStore.fingerprints].filter((fp) => p.length >= 8 && fp.startsWith(p));
    if (hits.length !== 1) refuse(hits.length === 0 ? 'notInOsStore' : 'ambiguousFingerprint', { fingerprint: prefix });
    return { der: pc.ctx.index.get(hits[0]!)!.der, from: 'os-store' };
  });
}

export function appendCommand() {
  return new Command('append')
    .description('add CA certificates (PEM/DER files, or roots from the OS store) to a bundle')
    .argument('[certificates...]', 'PEM or DER files holding the CA certificates to add')
    .requiredOption('--to <bundle>', 'the bundle to add them to')
    .option('--from-os-store <fingerprint...>', 'SHA-256 fingerprints (or a prefix of 8+ hex) of OS store roots')
    .option('--why <text>', 'recorded in the marked block and the history')
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (files, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      const bundle = resolveKeepingDots(options.to);
      checkPathSyntax(bundle);
      const pc = await planContext(opts);
      await bundleFinding(bundle, pc.ctx);
      pc.findings = new Set([...pc.findings, ...(await planContext(opts, [bundle])).findings]);
      const certs = [
        ...(await certsFromFiles(files.map(resolveKeepingDots))),
        ...certsFromOsStore(pc, options.fromOsStore ?? []),
      ];
      if (certs.length === 0) refuse('nothingToAdd');
      const action = await planAppend(pc, bundle, certs, msg('repair:why.userAppend', { why: options.why ?? '-' }));
      await planAndApply({ actions: action ? [action] : [], refused: [] }, opts, 'append');
    });
}
