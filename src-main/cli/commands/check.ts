// `trustfix check URL [--python PATH ...] [--bundle FILE ...]`: why does this host fail in each
// Python, per client, and what would fix it. Exit 0 when every client works, 1 when any fails.
import { Command } from '@commander-js/extra-typings';
import Table from 'cli-table3';
import { resolveDataDir } from '../../core/dataDir.ts';
import { checkHost } from '../../core/diagnose/check.ts';
import { clientsOnPath } from '../../core/diagnose/clientRuns/find.ts';
import { RUNNABLE_CLIENTS, type ClientRunSpec, type RunnableClient } from '../../core/diagnose/clientRuns/types.ts';
import { rememberSeen } from '../../core/diagnose/seenCerts.ts';
import { defaultInterpreters } from '../../core/diagnose/interpreters.ts';
import { isStoreNote } from '../../core/diagnose/storeOrigins.ts';
import { platformFor } from '../../core/platform/index.ts';
import { parseTarget } from '../../core/diagnose/target.ts';
import type { CheckReport, CheckResult } from '../../core/diagnose/types.ts';
import { contextFrom, type GlobalOptions } from '../globalOptions.ts';
import { exitFor } from '../exitCodes.ts';
import { say, t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { colours } from '../style.ts';
import { shown } from '../../../assets/locales/shown.ts';
import { msg, Problem } from '../../core/messages.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function checkCommand(): Command<
  [string],
  { python?: string[]; client?: string[]; clients: boolean; bundle?: string[]; timeout: string }
> {
  return new Command('check')
    .description(
      'why does this host fail? every interpreter (urllib, requests, pip), and curl, git, node, uv and conda run for real',
    )
    .argument('<url>', 'host, host:port or https://host[:port]/path')
    .option('--python <path>', 'interpreter to ask (repeatable; default: every one found)', collect)
    .option(
      '--client <name>',
      `also run this client for real: ${RUNNABLE_CLIENTS.join(', ')} (repeatable; default: every one on PATH, unless --python is given)`,
      collect,
    )
    .option('--no-clients', 'run no client besides the Python ones')
    .option('--bundle <file>', 'also judge this CA bundle on its own (repeatable)', collect)
    .option('--timeout <seconds>', 'network timeout per connection', '8')
    .action(async (url, options, command) => {
      const opts = command.optsWithGlobals() as GlobalOptions;
      const parsed = parseTarget(url);
      if (!parsed.ok) throw new Problem(parsed.problem);
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
        throw new Problem(msg('check:cli.badTimeout', { value: options.timeout }));
      const wanted = options.client ?? [];
      const unknown = wanted.filter((n) => !(RUNNABLE_CLIENTS as readonly string[]).includes(n));
      if (unknown.length)
        throw new Problem(
          msg('check:cli.unknownClient', { names: unknown.join(', '), known: RUNNABLE_CLIENTS.join(', ') }),
        );
      // The trust context is made while the interpreters are found and asked (checkHost awaits it
      // when it needs it; an error in it, such as an unreadable --reference, is thrown there).
      const making = contextFrom(opts);
      making.catch(() => {});
      const interpreters = options.python?.length ? options.python : await defaultInterpreters();
      const clients = await clientsToRun(
        options.clients,
        wanted as RunnableClient[],
        Boolean(options.python?.length),
        platformFor().clients,
      );
      if (interpreters.length === 0 && !options.bundle?.length && clients.length === 0)
        throw new Problem(msg('check:cli.noInterpreters'));
      const { signal, dispose } = abortOnSignals();
      try {
        const report = await checkHost({
          target: parsed.target,
          interpreters,
          bundles: options.bundle ?? [],
          clients,
          ctx: making,
          signal,
          timeoutMs: timeoutSeconds * 1000,
        });
        const ctx = await making;
        // The CAs it saw, for `trustfix trust FINGERPRINT` (a proxy's root that is in no store yet).
        await rememberSeen(
          resolveDataDir(opts.dataDir),
          report.chain.flatMap((c) => ctx.index.get(c.fingerprint)?.der ?? []),
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${render(report, opts)}\n`);
        // A client run for real counts by its own answer; the others by the prediction.
        process.exitCode = exitFor(
          !report.results.every((r) => r.clientSays?.ok ?? r.ok) || Boolean(report.unreachable),
        );
      } finally {
        dispose();
      }
    });
}

/** --client names some; --no-clients none; with --python only what --client names; else all on PATH. */
async function clientsToRun(
  enabled: boolean,
  wanted: RunnableClient[],
  pythonNamed: boolean,
  places: Parameters<typeof clientsOnPath>[1],
): Promise<ClientRunSpec[]> {
  if (!enabled || (pythonNamed && wanted.length === 0)) return [];
  const found = await clientsOnPath(process.env, places);
  return wanted.length ? found.filter((c) => wanted.includes(c.name)) : found;
}

/** The human report (exported for tests of what a person reads). */
export function render(report: CheckReport, opts: GlobalOptions): string {
  const c = colours(opts.color !== false);
  const out: string[] = [];
  const head = [t('check:cli.host', { host: report.host, port: report.port })];
  if (report.proxy) head.push(t('check:cli.viaProxy', { proxy: report.proxy }));
  if (report.protocol) head.push(t('check:cli.protocol', { protocol: report.protocol }));
  out.push(c.bold(head.join('  ·  ')));
  if (report.unreachable)
    out.push(
      c.red(
        say({
          code: `check:detail.unreachable.${report.unreachable.kind}`,
          params: { error: report.unreachable.message },
        }),
      ),
    );
  if (report.chain.length) {
    out.push(t('check:cli.chainTitle'));
    for (const cert of report.chain) {
      const tag = cert.from === 'aia' ? c.yellow(` [${t('check:cli.fromAia')}]`) : '';
      // A server's certificate says whatever its maker wrote: its names are shown escaped.
      out.push(`  ${cert.position}  ${c.bold(shown(cert.subject))}${tag}`);
      out.push(c.dim(`     ← ${shown(cert.issuer)}`));
      out.push(
        c.dim(
          `     ${t('check:cli.validity', { from: cert.notBefore.slice(0, 10), to: cert.notAfter.slice(0, 10) })}  SHA-256 ${cert.fingerprint.slice(0, 16)}…`,
        ),
      );
      if (cert.subjectAltNames.length)
        out.push(c.dim(`     ${t('check:cli.sans')}: ${shown(cert.subjectAltNames.join(', '))}`));
      if (cert.caIssuers.length) out.push(c.dim(`     AIA: ${shown(cert.caIssuers.join(', '))}`));
    }
  }
  for (const e of report.interpreterErrors)
    out.push(c.yellow(t('check:cli.interpreterError', { message: say(e.problem) })));
  const pythonRows = report.results.filter((r) => !r.clientSays);
  const toolRows = report.results.filter((r) => r.clientSays);
  if (pythonRows.length) {
    const table = new Table({
      head: ['python', 'client', 'source', 'result', 'pythonSays'].map((k) => t(`check:cli.table.${k}`)),
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: [null, null, 36, 30, 44] as unknown as number[],
    });
    for (const r of pythonRows) {
      const cause = t(`check:cause.${r.cause}`);
      table.push([
        r.python ? `${r.pythonVersion ?? ''}\n${shown(r.python)}` : t('check:cli.bundleRow'),
        r.client ?? '-',
        shown(r.source),
        (r.ok ? c.green(cause) : c.red(cause)) +
          // Python 3.13's strict rule: said in the table, before any change, not only in the details.
          (r.strict?.afterTrust ? `\n${c.yellow(t('check:cli.stillFailsAfterTrust'))}` : '') +
          (r.disagreement ? `\n${c.magenta(t('check:cli.disagree'))}` : ''),
        pythonSaysText(r),
      ]);
    }
    out.push(table.toString());
  }
  if (toolRows.length) out.push(clientsSection(toolRows, c));
  // A working client is detailed too when the Windows store explains why it works (policy, CA store).
  for (const r of report.results.filter(
    (x) => !x.ok || x.disagreement || (x.clientSays && !x.clientSays.ok) || x.notes.some((n) => isStoreNote(n.code)),
  ))
    out.push(details(r, c));
  out.push(
    t('check:cli.summary', {
      ok: report.summary.ok,
      total: report.summary.results,
      failing: report.summary.failing,
      disagreements: report.summary.disagreements,
      ms: report.elapsedMs,
    }),
  );
  return out.join('\n');
}

function pythonSaysText(r: CheckResult): string {
  if (!r.pythonSays) return '-';
  if (r.pythonSays.ok) return t('check:cli.pythonOk');
  return shown(r.pythonSays.sslError ?? r.pythonSays.error ?? '', true);
}

/** The per-client section: TrustFix's prediction next to what each client said when run. */
function clientsSection(rows: CheckResult[], c: ReturnType<typeof colours>): string {
  const table = new Table({
    head: ['tool', 'source', 'result', 'clientSays'].map((k) => t(`check:cli.table.${k}`)),
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [null, 30, 30, 50] as unknown as number[],
  });
  for (const r of rows) {
    const says = r.clientSays!;
    const cause = t(`check:cause.${r.cause}`);
    const predicted = r.predicted === false ? c.dim(t('check:cli.notPredicted')) : r.ok ? c.green(cause) : c.red(cause);
    table.push([
      `${r.client}${r.clientVersion ? ` ${shown(r.clientVersion)}` : ''}\n${shown(r.executable ?? '')}`,
      // Paths have no spaces: break them anywhere rather than cut them short.
      { content: shown(r.source) + (r.steeredBy ? c.dim(`\n(${shown(r.steeredBy)})`) : ''), wrapOnWordBoundary: false },
      predicted + (r.disagreement ? `\n${c.magenta(t('check:cli.disagree'))}` : ''),
      says.ok
        ? c.green(t('check:cli.clientOk'))
        : c.red(says.problem ? say(says.problem) : shown(says.error ?? says.code ?? '', true)),
    ]);
  }
  return `${t('check:cli.clientsTitle')}\n${table.toString()}`;
}

function details(r: CheckResult, c: ReturnType<typeof colours>): string {
  const who = r.clientSays
    ? `${r.client} · ${shown(r.executable ?? '')}`
    : r.python
      ? `Python ${r.pythonVersion} · ${r.client}`
      : t('check:cli.bundleRow');
  const lines = [`\n${c.bold(`${who} · ${shown(r.source)}`)}`];
  lines.push(`  ${say(r.detail)}`);
  if (r.clientSays && !r.clientSays.ok && r.predicted !== false)
    lines.push(
      `  ${say({ code: 'check:clientRun.observedOnly', params: { client: r.client ?? '', error: r.clientSays.problem ? say(r.clientSays.problem) : shown(r.clientSays.error ?? r.clientSays.code ?? '', true) } })}`,
    );
  if (r.clientSays)
    lines.push(c.dim(`  ${t('check:cli.command', { command: shown(r.clientSays.command.map(quoteArg).join(' ')) })}`));
  for (const n of r.notes) lines.push(c.dim(`  ${say(n)}`));
  if (r.repairs.length) {
    lines.push(`  ${t('check:cli.repairs')}`);
    for (const p of r.repairs) {
      lines.push(
        `   - ${say(p.why)}${p.needsFingerprintConfirmation ? c.yellow(` (${t('check:cli.confirmFingerprint')})`) : ''}`,
      );
      if (p.stillFails) lines.push(c.yellow(`     ${say(p.stillFails)}`));
    }
  }
  return lines.join('\n');
}

/** An argument as a person would retype it (node's script is long: shown as "<script>"). */
function quoteArg(arg: string): string {
  if (arg.length > 60 && arg.includes('\n')) return '"<script>"';
  if (arg.includes('\n')) return JSON.stringify(arg);
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
