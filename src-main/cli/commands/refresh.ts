// `trustfix refresh BUNDLE [--from reference|os-store|FILE --sha256 HEX] [--yes]`
// `trustfix refresh --pip PYTHON [--yes]`: the interpreter's own `pip install --upgrade certifi`.
import { Command } from '@commander-js/extra-typings';
import { msg } from '../../core/messages.ts';
import { planRefresh, type RefreshSource } from '../../core/repair/planBundle.ts';
import { checkPathSyntax, refuse } from '../../core/repair/pathGuard.ts';
import { planPipRefresh } from '../../core/repair/planPython.ts';
import { pythonFacts } from '../../core/repair/pythonFacts.ts';
import { bundleFinding, planAndApply, planContext, type RepairOptions } from '../repair/run.ts';
import { resolveKeepingDots } from './append.ts';

export function refreshCommand() {
  return new Command('refresh')
    .description('rewrite a stale bundle from a current source, keeping the roots somebody added')
    .argument('[bundle]', 'the bundle to refresh')
    .option('--from <source>', '"reference" (default), "os-store", or a downloaded Mozilla bundle file', 'reference')
    .option('--sha256 <hex>', "the downloaded bundle's published SHA-256 (required with a file)")
    .option('--pip <python>', "instead: run this interpreter's own `pip install --upgrade certifi`")
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (bundleArg, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      if (options.pip) {
        await planAndApply({ actions: [planPipRefresh(await pythonFacts(options.pip))], refused: [] }, opts, 'refresh');
        return;
      }
      if (!bundleArg) refuse('noTarget', { kind: 'refresh' });
      const bundle = resolveKeepingDots(bundleArg);
      checkPathSyntax(bundle);
      const pc = await planContext(opts, [bundle]);
      await bundleFinding(bundle, pc.ctx);
      let source: RefreshSource;
      if (options.from === 'reference') source = { kind: 'reference' };
      else if (options.from === 'os-store') {
        source = {
          kind: 'os-store',
          ders: [...pc.ctx.osStore.fingerprints].map((fp) => pc.ctx.index.get(fp)!.der),
          label: pc.ctx.osStore.info.source,
        };
      } else {
        if (!options.sha256) refuse('sha256Required', { path: options.from });
        source = { kind: 'file', path: resolveKeepingDots(options.from), sha256: options.sha256 };
      }
      const action = await planRefresh(pc, bundle, source, msg('repair:why.userRefresh'));
      await planAndApply({ actions: action ? [action] : [], refused: [] }, opts, 'refresh');
    });
}
