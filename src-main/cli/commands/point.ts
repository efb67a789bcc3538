// `trustfix point VARIABLE BUNDLE [--yes]`: SSL_CERT_FILE, REQUESTS_CA_BUNDLE, PIP_CERT (persistent,
// for this user) or pip.conf (global.cert). `--merged` builds TrustFix's own bundle first.
import { Command } from '@commander-js/extra-typings';
import { join } from 'node:path';
import { derToPem } from '../../core/certs/certIndex.ts';
import { msg } from '../../core/messages.ts';
import { platformFor } from '../../core/platform/index.ts';
import type { ActionRecord } from '../../core/repair/action.ts';
import { checkPathSyntax, refuse } from '../../core/repair/pathGuard.ts';
import { fileChange } from '../../core/repair/planContext.ts';
import { planPoint, type PointVariable } from '../../core/repair/planPoint.ts';
import { fromPath } from '../../core/pythons/locations.ts';
import { bundleFinding, planAndApply, planContext, type RepairOptions } from '../repair/run.ts';
import { certsFromFiles, resolveKeepingDots } from './append.ts';

const VARIABLES = ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'PIP_CERT', 'pip.conf'];

export function pointCommand() {
  return new Command('point')
    .description('make a client use a good bundle: a persistent variable for this user, or pip.conf')
    .argument('<variable>', VARIABLES.join(' | '))
    .argument('[bundle]', 'the bundle to use (a CA bundle, or omit with --merged)')
    .option(
      '--merged',
      "build TrustFix's own bundle (reference + OS store + --add files) in its data folder and use it",
    )
    .option('--add <files...>', 'CA certificates to include in the merged bundle')
    .option(
      '--python <path>',
      "pip.conf: the interpreter that reads pip's configuration back (default: the first on PATH)",
    )
    .option('--yes', 'apply the plan (without it the plan is only printed)')
    .action(async (variable, bundleArg, options, command) => {
      const opts = { ...command.optsWithGlobals(), ...options } as RepairOptions & typeof options;
      if (!VARIABLES.includes(variable)) refuse('badVariable', { variable });
      const actions: ActionRecord[] = [];
      let bundle: string;
      const pc = await planContext(opts, bundleArg ? [resolveKeepingDots(bundleArg)] : []);
      if (options.merged) {
        bundle = join(pc.dataDir, 'merged-ca.pem');
        const fps = new Set([...pc.ctx.reference.fingerprints, ...pc.ctx.osStore.fingerprints]);
        for (const c of await certsFromFiles((options.add ?? []).map(resolveKeepingDots)))
          fps.add(pc.ctx.index.add(c.der)!);
        const text = Buffer.from(
          [...fps].map((fp) => `# ${pc.ctx.index.record(fp).name}\n${derToPem(pc.ctx.index.get(fp)!.der)}`).join('\n'),
        );
        const { change } = await fileChange(pc, bundle, text, 'data-dir', { kind: 'bundle', fingerprints: [...fps] });
        actions.push({
          id: 'a1',
          kind: 'point',
          what: msg('repair:what.merged', { path: bundle, count: fps.size }),
          where: bundle,
          why: msg('repair:why.merged'),
          elevation: { needed: false },
          undo: msg(change.before ? 'repair:undo.restoreBytes' : 'repair:undo.removeFile', { path: bundle }),
          notes: [],
          changes: [change],
        });
      } else {
        if (!bundleArg) refuse('noTarget', { kind: 'point' });
        bundle = resolveKeepingDots(bundleArg);
        checkPathSyntax(bundle);
        await bundleFinding(bundle, pc.ctx);
      }
      const python =
        variable === 'pip.conf'
          ? options.python
            ? resolveKeepingDots(options.python)
            : await firstPythonOnPath(pc.home)
          : undefined;
      actions.push(
        await planPoint(pc, variable as PointVariable, bundle, `a${actions.length + 1}`, python ? { python } : {}),
      );
      await planAndApply({ actions, refused: [] }, opts, 'point');
    });
}

/** The interpreter a shell would run first: it reads pip's configuration back. */
async function firstPythonOnPath(home: string): Promise<string | undefined> {
  return (await fromPath({ env: process.env, home, cwd: process.cwd(), platform: platformFor() }))[0]?.path;
}
