// The Python part of `trustfix scan` and `trustfix pythons`: the options, running core's
// scanPythons + attachVerdicts, and the table (one row per interpreter, one column per client).
// Kept out of scan.ts so that file stays about bundles.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import type { TrustContext } from '../core/context.ts';
import { resolveDataDir } from '../core/dataDir.ts';
import type { PythonScan } from '../core/pythons/probeAll.ts';
import { CLIENTS, type ClientTrust, type PythonInfo, type SourceStatus } from '../core/pythons/types.ts';
import type { GlobalOptions } from './globalOptions.ts';
import { say, t } from './i18n.ts';
import { shown } from '../../assets/locales/shown.ts';
import { colours } from './style.ts';
import { msg, Problem } from '../core/messages.ts';

export interface PythonOptions {
  python?: string[];
  onlyPython?: boolean;
  pythons?: boolean;
  probeTimeout?: string;
  probeCache?: boolean;
}

export function addPythonOptions<C extends Command<any, any, any>>(command: C, withToggle: boolean): C {
  command
    .addOption(
      new Option('--python <path>', 'also probe this interpreter, venv folder or pyvenv.cfg (repeatable)').argParser(
        (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
      ),
    )
    .option('--only-python', 'probe only the interpreters named with --python (no discovery)')
    .option('--probe-timeout <seconds>', 'give each interpreter this long to answer (default 20)')
    .option('--no-probe-cache', 'probe every interpreter afresh instead of reusing unchanged probes');
  if (withToggle)
    command
      .option('--pythons', 'probe the Pythons even when paths are named')
      .option('--no-pythons', 'do not probe Python interpreters');
  return command;
}

/** pyvenv.cfg files under folders the user named (the whole-disk walk supplies its own). */
export async function venvConfigsUnder(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const entries = await readdir(p, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isFile() && e.name === 'pyvenv.cfg') out.push(join(e.parentPath, e.name));
  }
  return out;
}

export interface PythonsResult {
  pythons: PythonInfo[];
  bundles: BundleVerdict[];
  timing: PythonScan['timing'];
  problems: boolean;
}

export async function runPythons(
  opts: GlobalOptions & PythonOptions,
  ctx: TrustContext,
  verdicts: BundleVerdict[],
  signal: AbortSignal,
  pyvenvCfgs: string[] = [],
): Promise<PythonsResult> {
  let timeoutMs: number | undefined;
  if (opts.probeTimeout !== undefined) {
    const seconds = Number(opts.probeTimeout);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new Problem(msg('pythons:badTimeout', { value: opts.probeTimeout }));
    timeoutMs = seconds * 1000;
  }
  if (opts.onlyPython && !opts.python?.length && !pyvenvCfgs.length)
    throw new Problem(msg('pythons:onlyWithoutPython'));
  // Loaded when Pythons are asked for: `scan FILE` never pays for the probe machinery.
  const [{ scanPythons }, { attachVerdicts, pythonsHaveProblems }] = await Promise.all([
    import('../core/pythons/probeAll.ts'),
    import('../core/pythons/attach.ts'),
  ]);
  const scan = await scanPythons({
    ...(opts.python ? { pythons: opts.python } : {}),
    only: !!opts.onlyPython,
    pyvenvCfgs,
    dataDir: resolveDataDir(opts.dataDir),
    useCache: opts.probeCache !== false,
    signal,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  const attached = await attachVerdicts(scan.pythons, verdicts, ctx);
  return {
    pythons: attached.pythons,
    bundles: attached.bundles,
    timing: scan.timing,
    problems: pythonsHaveProblems(attached.pythons),
  };
}

function statusText(c: ReturnType<typeof colours>, status: SourceStatus | undefined): string {
  const word = t(`pythons:status.${status ?? 'unknown'}`);
  if (status === 'current') return c.green(word);
  if (status === 'stale') return c.yellow(word);
  if (status === 'broken') return c.red(word);
  return c.dim(word);
}

function cell(client: ClientTrust | undefined, c: ReturnType<typeof colours>): string {
  if (!client) return '-';
  if (!client.available)
    return c.dim(client.client === 'urllib' ? t('pythons:cell.noSsl') : t('pythons:cell.notInstalled'));
  const lines = [statusText(c, client.status)];
  for (const s of client.sources) {
    const where =
      s.kind === 'os-store'
        ? t('pythons:source.os-store') + (s.path ? ` (${shown(s.path)})` : '')
        : shown(s.path ?? '');
    lines.push(`${client.sources.length > 1 ? '+ ' : ''}${where}`);
  }
  if (
    client.steeredBy &&
    client.steeredBy !== 'openssl-default' &&
    client.steeredBy !== 'certifi' &&
    client.steeredBy !== 'requests' &&
    client.steeredBy !== 'pip-certifi'
  )
    lines.push(c.dim(`← ${client.steeredBy}`));
  if (client.bundled && !client.sources.some((s) => s.bundleId === client.bundled?.bundleId))
    lines.push(
      c.dim(
        t('pythons:bundled', {
          status: t(`pythons:status.${client.bundled.status ?? 'unknown'}`),
          path: client.bundled.path,
        }),
      ),
    );
  return lines.join('\n');
}

export async function pythonsText(
  result: Pick<PythonsResult, 'pythons' | 'timing'>,
  opts: GlobalOptions,
): Promise<string> {
  const c = colours(opts.color !== false);
  const { pythons } = result;
  if (pythons.length === 0) return t('pythons:none');
  // Loaded only for people, as in scan.ts: --json never needs the table layout code.
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['python', 'urllib', 'requests', 'pip'].map((k) => t(`pythons:table.${k}`)),
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: false,
    colWidths: [34, 30, 30, 34],
  });
  for (const p of pythons) {
    const title = [
      `${p.implementation && p.implementation !== 'cpython' ? `${p.implementation} ` : ''}${p.version ?? '?'}${p.isVenv ? ' (venv)' : ''}`,
      shown(p.executable),
      c.dim(p.foundBy.join(', ')),
    ];
    if (p.openssl) title.push(c.dim(shown(p.openssl)));
    if (p.error)
      table.push([title.join('\n'), { colSpan: 3, content: `${c.red(t('pythons:cell.error'))}\n${say(p.error)}` }]);
    else table.push([title.join('\n'), ...CLIENTS.map((name) => cell(p.clients[name], c))]);
  }
  const ok = pythons.filter(
    (p) =>
      !p.error &&
      Object.values(p.clients).every((cl) => !cl?.available || cl.status === 'current' || cl.status === 'os-store'),
  ).length;
  const errors = pythons.filter((p) => p.error).length;
  return [
    t('pythons:title', { count: pythons.length }),
    table.toString(),
    t('pythons:summary', { total: pythons.length, ok, problems: pythons.length - ok - errors, errors }),
    c.dim(t('pythons:timing', result.timing)),
  ].join('\n');
}
