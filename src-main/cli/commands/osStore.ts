// `trustfix os-store add CERT_FILE [--yes]` / `trustfix os-store refresh [--yes]` (Windows Update).
// `trustfix os-store add CERT_FILE --profile FILE [--yes]` writes the root as a configuration profile
// for IT to deliver through their MDM (a managed Mac's route) instead of changing this machine's store.
// --linux-store-root DIR runs Debian's update-ca-certificates on a copy of its folders under DIR
// (tests, chroots, images being built) instead of the live system.
import { Command } from '@commander-js/extra-typings';
import { msg } from '../../core/messages.ts';
import { debianTestLayout } from '../../core/platform/linuxStore.ts';
import { linuxPlatformWith } from '../../core/platform/linux.ts';
import { refuse } from '../../core/repair/pathGuard.ts';
import { checkPathSyntax } from '../../core/repair/pathGuard.ts';
import { planMacProfile, planOsStoreAdd, planOsStoreRefresh } from '../../core/repair/planStore.ts';
import { planAndApply, planContext, type RepairOptions } from '../repair/run.ts';
import { certsFromFiles, resolveKeepingDots } from './append.ts';

export function osStoreCommand() {
  return new Command('os-store')
    .description('add a root to the OS root store, or refresh it (Windows Update); never deletes roots')
    .argument('<what>', '"add" or "refresh"')
    .argument('[certificate]', 'for add: a PEM or DER file holding one CA certificate')
    .option('--linux-store-root <dir>', "Linux: run Debian's update-ca-certificates on this root instead of /")
    .option(
      '--profile <file>',
      'for add: write the root as a macOS configuration profile (.mobileconfig) for IT to deliver by MDM, instead of changing this store',
    )
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (what, certFile, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      const root = options.linuxStoreRoot ? resolveKeepingDots(options.linuxStoreRoot) : undefined;
      const pc = await planContext(opts, [], root ? linuxPlatformWith(() => debianTestLayout(root)) : undefined);
      if (what === 'refresh') {
        await planAndApply({ actions: [planOsStoreRefresh(pc)], refused: [] }, opts, 'os-store');
        return;
      }
      if (what !== 'add' || !certFile) refuse('noTarget', { kind: 'os-store' });
      const certs = await certsFromFiles([resolveKeepingDots(certFile)]);
      if (certs.length !== 1) refuse('oneCertificate', { from: certFile });
      if (options.profile) {
        const out = resolveKeepingDots(options.profile);
        checkPathSyntax(out);
        await planAndApply(
          { actions: [await planMacProfile(pc, certs[0]!.der, certFile, out)], refused: [] },
          opts,
          'os-store',
        );
        return;
      }
      const action = await planOsStoreAdd(pc, certs[0]!.der, certFile, msg('repair:why.userOsStore'));
      await planAndApply({ actions: [action], refused: [] }, opts, 'os-store');
    });
}
