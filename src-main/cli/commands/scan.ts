// `trustfix scan [PATH...]`: judge CA bundles against the reference.
import { Command } from '@commander-js/extra-typings';
import type { BundleVerdict } from '../../core/bundles/verdict.ts';
import type { TrustContext } from '../../core/context.ts';
import { expandPaths, judgeFiles } from '../../core/bundles/scanPaths.ts';
import { makeReport, scanHasProblems, thisMachine, type ScanReport } from '../../core/bundles/scanReport.ts';
import { homeAsTilde } from '../../core/platform/homePath.ts';
import { trustfixVersion } from '../version.ts';
import { contextFrom, type GlobalOptions } from '../globalOptions.ts';
import { resolveDataDir } from '../../core/dataDir.ts';
import { exitFor } from '../exitCodes.ts';
import { say, t } from '../i18n.ts';
import { writeJson } from '../jsonOut.ts';
import { abortOnSignals } from '../interrupt.ts';
import { discoveryLines, progressLine } from '../scanProgress.ts';
import { colours, statusColour } from '../style.ts';
import { nextStepLine, stalenessLines } from '../stalenessLines.ts';
import { shown } from '../../../assets/locales/shown.ts';
import type { ClientScan } from '../../core/clients/scanClients.ts';
import { clientsHaveProblems } from '../../core/clients/problems.ts';
import { clientsBrief, runClients } from '../clientsOutput.ts';
import {
  addPythonOptions,
  pythonsText,
  runPythons,
  venvConfigsUnder,
  type PythonOptions,
  type PythonsResult,
} from '../pythonsOutput.ts';
import { msg, Problem } from '../../core/messages.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Same default as rescan/cachedScan.ts (not imported from there: `scan FILE` does not load the cache). */
const DEFAULT_WALK_MAX_AGE_MINUTES = 10;

function walkMaxAge(value: string): number {
  const minutes = Number(value);
  if (value.trim() === '' || !Number.isFinite(minutes) || minutes < 0)
    throw new Problem(msg('common:cli.badWalkMaxAge', { value }));
  return minutes;
}

export function scanCommand() {
  const command = new Command('scan')
    .description(
      'judge CA bundles: the files or folders named; with none, the known places, then the whole disk, and every Python and what its clients trust',
    )
    .argument('[paths...]', 'files or folders to judge')
    .option('--no-disk', 'look in the known places only (no whole-disk search)')
    .option('--root <dir>', 'search only this folder (repeatable)', collect, [] as string[])
    .option('--include-network', 'also search network drives and mounts')
    .option('--include-removable', 'also search removable drives')
    .option('--no-index', "do not ask the OS's file index (Everything, Spotlight, locate)")
    .option('--index-only', "trust the OS's file index and skip the disk walk when it answers")
    .option(
      '--rewalk',
      'search the disk again now, instead of reusing the search of a scan less than --walk-max-age ago',
    )
    .option(
      '--walk-max-age <minutes>',
      'reuse the disk search of an earlier scan younger than this (0: never)',
      String(DEFAULT_WALK_MAX_AGE_MINUTES),
    )
    .option('--no-scan-cache', 'neither reuse nor keep the scan cache: search the disk and read every file afresh')
    .option('--clients', 'also find curl, git, node/npm, uv, conda, poetry and the AWS CLI when paths are named')
    .option('--no-clients', 'do not look for HTTPS clients besides Python');
  return addPythonOptions(command, true).action(async (paths, options, command) => {
    const opts = command.optsWithGlobals() as GlobalOptions & PythonOptions;
    const started = performance.now();
    const maxAgeMinutes = walkMaxAge(options.walkMaxAge);
    // Made once; a search of the machine makes it while its walk has already begun (scanAll).
    let made: Promise<TrustContext> | undefined;
    const context = (): Promise<TrustContext> => (made ??= contextFrom(opts));
    if (paths.length > 0) await context();
    const { signal, dispose } = abortOnSignals();
    try {
      let verdicts: BundleVerdict[];
      let discovery: ScanReport['discovery'];
      if (paths.length > 0) {
        verdicts = await judgeFiles(await expandPaths(paths, signal), await context(), undefined, signal);
      } else {
        const progress = await progressLine();
        try {
          const search = {
            disk: options.disk,
            ...(options.root.length > 0 ? { roots: options.root } : {}),
            includeNetwork: options.includeNetwork === true,
            includeRemovable: options.includeRemovable === true,
            index:
              options.index === false ? ('off' as const) : options.indexOnly ? ('only' as const) : ('auto' as const),
            signal,
            onProgress: progress.update,
          };
          // Only when searching the machine: `scan FILE` never loads the search or the cache.
          const found =
            options.scanCache === false
              ? await (await import('../../core/bundles/discover/scanAll.ts')).scanAll(context, search)
              : await (
                  await import('../../core/bundles/rescan/cachedScan.ts')
                ).cachedScanAll(await context(), search, {
                  dataDir: resolveDataDir(opts.dataDir),
                  rewalk: options.rewalk === true,
                  maxAgeMinutes,
                });
          verdicts = found.bundles;
          discovery = found.discovery;
        } finally {
          progress.stop();
        }
      }
      const ctx = await context();
      // Pythons: when scanning the machine (no paths), or when asked (--pythons / --python).
      let py: PythonsResult | undefined;
      if (opts.pythons !== false && (paths.length === 0 || opts.pythons === true || opts.python?.length)) {
        // The walk's pyvenv.cfg files are venvs found, not named: --only-python leaves them out.
        const venvs =
          paths.length > 0 ? await venvConfigsUnder(paths) : opts.onlyPython ? [] : (discovery?.venvs ?? []);
        py = await runPythons(opts, ctx, verdicts, signal, venvs);
        verdicts = py.bundles;
      }
      // The other HTTPS clients: with the Pythons (botocore lives in their site-packages), or when asked.
      let clients: ClientScan | undefined;
      if (options.clients !== false && (py || options.clients === true)) {
        clients = await runClients(ctx, verdicts, py?.pythons ?? [], signal);
        verdicts = clients.bundles;
      }
      const report: ScanReport & { pythons?: PythonsResult['pythons']; clients?: ClientScan['clients'] } = makeReport(
        ctx,
        verdicts,
        started,
        thisMachine(trustfixVersion()),
      );
      if (discovery) report.discovery = discovery;
      if (py) report.pythons = py.pythons;
      if (clients) report.clients = clients.clients;
      if (signal.aborted && !opts.json) process.stderr.write(`${t('cli.interrupted')}\n`);
      await printReport(report, opts);
      if (py && !opts.json) process.stdout.write(`\n${await pythonsText(py, opts)}\n`);
      if (clients?.clients.length && !opts.json)
        process.stdout.write(`
${clientsBrief(clients.clients, opts)}
`);
      // The last line of the output, after the Pythons and the clients too: the one thing to do next.
      if (!opts.json && !signal.aborted)
        process.stdout.write(`${nextStepLine(report.next, colours(opts.color !== false))}
`);
      process.exitCode = exitFor(
        scanHasProblems(report) || Boolean(py?.problems) || Boolean(clients && clientsHaveProblems(clients.clients)),
      );
    } finally {
      dispose();
    }
  });
}

export async function printReport(report: ScanReport, opts: GlobalOptions): Promise<void> {
  if (opts.json) {
    // The per-machine report leaves the machine: the home folder is written `~` in every string
    // (paths, lists of paths, message parameters). Text for people keeps the full paths.
    await writeJson(process.stdout, report, homeAsTilde);
    return;
  }
  const c = colours(opts.color !== false);
  const out: string[] = [];
  out.push(
    c.dim(
      t('reference.line', {
        label: report.reference.label,
        count: report.reference.certificates,
        date: report.reference.newestRoot.slice(0, 10),
      }),
    ),
  );
  out.push(
    c.dim(t('osStore.line', { source: report.systemStore.source || '-', count: report.systemStore.certificates })),
  );
  out.push(c.dim(t('at.line', { date: report.at.slice(0, 10) })));
  if (report.systemStore.problem) out.push(c.yellow(say(report.systemStore.problem)));
  if (report.bundles.length === 0) {
    out.push(t('bundles:none'));
  } else {
    out.push(await bundleTable(report.bundles, c));
    for (const b of report.bundles.filter((v) => v.status === 'broken' || v.status === 'not-a-bundle')) {
      out.push(`${statusColour(c, b.status)(t(`status.${b.status}`))}  ${shown(b.path)}\n    ${say(b.reason)}`);
    }
    out.push(...stalenessLines(report.bundles, c));
  }
  const s = report.summary;
  if (report.discovery) out.push(...discoveryLines(report.discovery).map((l) => c.dim(l)));
  out.push(
    t('bundles:summary', {
      total: report.bundles.length,
      current: s.current,
      stale: s.stale,
      broken: s.broken,
      notABundle: s['not-a-bundle'],
    }),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

function ownerLabel(b: BundleVerdict): string {
  const kind = b.owner.kind === 'sdk' && b.owner.name ? b.owner.name : t(`bundles:owner.${b.owner.kind}`);
  const name = b.owner.version ? `${kind} ${b.owner.version}` : kind;
  return b.owner.within ? t('discover:within', { owner: name, product: b.owner.within }) : name;
}

async function bundleTable(bundles: BundleVerdict[], c: ReturnType<typeof colours>): Promise<string> {
  // Loaded only for people: --json output never needs the table layout code.
  const { drawTable } = await import('../table.ts');
  const head = ['status', 'certificates', 'expired', 'missing', 'distrusted', 'extra', 'owner', 'path'].map((k) =>
    t(`bundles:table.${k}`),
  );
  return drawTable(
    head,
    bundles.map((b) => [
      statusColour(c, b.status)(t(`status.${b.status}`)),
      String(b.certificates),
      b.expired ? c.yellow(String(b.expired)) : '0',
      b.missing ? c.yellow(String(b.missing)) : '0',
      b.distrusted ? c.red(String(b.distrusted)) : '0',
      String(b.extra),
      ownerLabel(b),
      shown(b.path),
    ]),
  );
}
