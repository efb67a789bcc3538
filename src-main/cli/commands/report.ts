// `trustfix report FILE...`: many machines' `trustfix scan --json` reports merged into one summary
// (core/bundles/fleetReport.ts), as text, JSON (--json) or CSV (--csv). A file that is not a report
// is said on stderr and left out; the others are merged; the exit code is then EXIT_PROBLEMS.
import { readFile } from 'node:fs/promises';
import { Command } from '@commander-js/extra-typings';
import {
  CSV_COLUMNS,
  csvRows,
  mergeReports,
  parseMachineReport,
  toCsv,
  type FileProblem,
  type FleetReport,
  type MachineReport,
} from '../../core/bundles/fleetReport.ts';
import { detailOf, msg } from '../../core/messages.ts';
import { EXIT_OK, EXIT_PROBLEMS } from '../exitCodes.ts';
import type { GlobalOptions } from '../globalOptions.ts';
import { say, t } from '../i18n.ts';
import { colours } from '../style.ts';

/** Larger than any scan of a crowded machine (about 20 KB a bundle); a bigger file is not a report. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

async function load(file: string): Promise<{ report: MachineReport } | FileProblem> {
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_REPORT_BYTES) return { file, problem: msg('bundles:fleet.notAReport', { file }) };
    return parseMachineReport(file, bytes.toString('utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, problem: msg('bundles:fleet.unreadable', { file, reason: code ?? detailOf(error) }) };
  }
}

export function reportCommand() {
  return new Command('report')
    .description(
      "merge many machines' `trustfix scan --json` reports: which clients fail where, stale bundles, missing roots",
    )
    .argument('<files...>', 'reports written by `trustfix scan --json` (one per machine)')
    .option('--csv', 'one row per machine and finding, as CSV (RFC 4180)')
    .action(async (files, options, command) => {
      const opts = command.optsWithGlobals() as GlobalOptions;
      const reports: Array<{ file: string; report: MachineReport }> = [];
      const problems: FileProblem[] = [];
      for (const file of files) {
        const loaded = await load(file);
        if ('report' in loaded) reports.push({ file, report: loaded.report });
        else problems.push(loaded);
      }
      const fleet = mergeReports(reports, problems);
      // Said on stderr whatever the format, so a redirected --json or --csv still shows them.
      for (const p of problems) process.stderr.write(`${say(p.problem)}\n`);
      if (opts.json) process.stdout.write(`${JSON.stringify(fleet, null, 2)}\n`);
      else if (options.csv) process.stdout.write(toCsv([[...CSV_COLUMNS], ...csvRows(fleet, say)]));
      else process.stdout.write(await fleetText(fleet, opts));
      process.exitCode = problems.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
    });
}

/** Names, at most `max` of them, then "+N". */
function names(list: string[], max = 6): string {
  return list.length <= max
    ? list.join(', ')
    : `${list.slice(0, max).join(', ')} ${t('bundles:fleet.more', { count: list.length - max })}`;
}

async function fleetText(fleet: FleetReport, opts: GlobalOptions): Promise<string> {
  const { drawTable } = await import('../table.ts');
  const c = colours(opts.color !== false);
  const out: string[] = [];
  out.push(
    t('bundles:fleet.machines', {
      count: fleet.machines.length,
      names: names(
        fleet.machines.map((m) => m.name),
        12,
      ),
    }),
  );
  /** A titled table; with no rows, the `none` sentence (or nothing at all). */
  const section = (title: string, none: string | undefined, columns: string[], rows: string[][]): void => {
    if (rows.length === 0 && !none) return;
    out.push('', c.bold(t(`bundles:fleet.${title}`)));
    const head = columns.map((k) => t(`bundles:fleet.table.${k}`));
    out.push(rows.length > 0 ? drawTable(head, rows) : t(`bundles:fleet.${none}`));
  };
  section(
    'clientsTitle',
    undefined,
    ['client', 'fails', 'works', 'unknown', 'failingOn'],
    fleet.clients.map((cl) => [
      cl.client,
      cl.fails.length ? c.red(String(cl.fails.length)) : '0',
      String(cl.works.length),
      String(cl.unknown.length),
      names(cl.fails),
    ]),
  );
  section(
    'bundlesTitle',
    'noBundles',
    ['bundle', 'status', 'machines', 'copies', 'where'],
    fleet.bundles.map((b) => [
      b.key,
      t(`status.${b.status}`),
      String(b.machines.length),
      String(b.copies),
      names(b.machines),
    ]),
  );
  section(
    'rootsTitle',
    'noRoots',
    ['root', 'fingerprint', 'machines', 'bundles'],
    fleet.missingRoots.map((r) => [r.name, r.fingerprint.slice(0, 16), String(r.machines.length), String(r.bundles)]),
  );
  if (fleet.problems.length > 0) out.push('', c.yellow(t('bundles:fleet.leftOut', { count: fleet.problems.length })));
  return `${out.join('\n')}\n`;
}
