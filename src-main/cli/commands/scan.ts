// `trustfix scan [PATH...]`: judge CA bundles against the reference.
import { Command } from '@commander-js/extra-typings';
import type { BundleVerdict } from '../../core/bundles/verdict.ts';
import { expandPaths, judgeFiles } from '../../core/bundles/scanPaths.ts';
import { makeReport, scanExitCode, type ScanReport } from '../../core/bundles/scanReport.ts';
import { contextFrom, type GlobalOptions } from '../globalOptions.ts';
import { say, t } from '../i18n.ts';
import { abortOnSigint } from '../interrupt.ts';
import { colours, statusColour } from '../style.ts';

export function scanCommand(): Command<[string[]]> {
  return new Command('scan')
    .description('judge CA bundles: the files or folders named')
    .argument('[paths...]', 'files or folders to judge')
    .action(async (paths, _options, command) => {
      const opts = command.optsWithGlobals() as GlobalOptions;
      const started = performance.now();
      const ctx = await contextFrom(opts);
      const { signal, dispose } = abortOnSigint();
      try {
        const files = await expandPaths(paths, signal);
        const verdicts = await judgeFiles(files, ctx, undefined, signal);
        const report = makeReport(ctx, verdicts, started);
        if (signal.aborted && !opts.json) process.stderr.write(`${t('cli.interrupted')}\n`);
        await printReport(report, opts);
        process.exitCode = scanExitCode(report);
      } finally {
        dispose();
      }
    });
}

export async function printReport(report: ScanReport, opts: GlobalOptions): Promise<void> {
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const c = colours(opts.color !== false);
  const out: string[] = [];
  out.push(c.dim(t('reference.line', { label: report.reference.label, count: report.reference.certificates, date: report.reference.newestRoot.slice(0, 10) })));
  out.push(c.dim(t('osStore.line', { source: report.systemStore.source || '-', count: report.systemStore.certificates })));
  out.push(c.dim(t('at.line', { date: report.at.slice(0, 10) })));
  if (report.systemStore.problem) out.push(c.yellow(say(report.systemStore.problem)));
  if (report.bundles.length === 0) {
    out.push(t('bundles:none'));
  } else {
    out.push(await bundleTable(report.bundles, c));
    for (const b of report.bundles.filter((v) => v.status === 'broken' || v.status === 'not-a-bundle')) {
      out.push(`${statusColour(c, b.status)(t(`status.${b.status}`))}  ${b.path}\n    ${say(b.reason)}`);
    }
  }
  const s = report.summary;
  out.push(t('bundles:summary', { total: report.bundles.length, current: s.current, stale: s.stale, broken: s.broken, notABundle: s['not-a-bundle'] }));
  process.stdout.write(`${out.join('\n')}\n`);
}

function ownerLabel(b: BundleVerdict): string {
  const name = t(`bundles:owner.${b.owner.kind}`);
  return b.owner.version ? `${name} ${b.owner.version}` : name;
}

async function bundleTable(bundles: BundleVerdict[], c: ReturnType<typeof colours>): Promise<string> {
  // Loaded only for people: --json output never needs the table layout code.
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['status', 'certificates', 'expired', 'missing', 'distrusted', 'extra', 'owner', 'path'].map((k) => t(`bundles:table.${k}`)),
    style: { head: [], border: [] },
    wordWrap: true,
  });
  for (const b of bundles) {
    table.push([
      statusColour(c, b.status)(t(`status.${b.status}`)),
      String(b.certificates),
      b.expired ? c.yellow(String(b.expired)) : '0',
      b.missing ? c.yellow(String(b.missing)) : '0',
      b.distrusted ? c.red(String(b.distrusted)) : '0',
      String(b.extra),
      ownerLabel(b),
      b.path,
    ]);
  }
  return table.toString();
}
