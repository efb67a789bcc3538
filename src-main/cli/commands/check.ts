// `trustfix check URL [--python PATH ...] [--bundle FILE ...]`: why does this host fail in each
// Python, per client, and what would fix it. Exit 0 when every client works, 1 when any fails.
import { Command } from '@commander-js/extra-typings';
import Table from 'cli-table3';
import { resolveDataDir } from '../../core/dataDir.ts';
import { checkHost } from '../../core/diagnose/check.ts';
import { rememberSeen } from '../../core/diagnose/seenCerts.ts';
import { defaultInterpreters } from '../../core/diagnose/interpreters.ts';
import { parseTarget } from '../../core/diagnose/target.ts';
import type { CheckReport, CheckResult } from '../../core/diagnose/types.ts';
import { contextFrom, UsageError, type GlobalOptions } from '../globalOptions.ts';
import { say, t } from '../i18n.ts';
import { abortOnSignals } from '../interrupt.ts';
import { colours } from '../style.ts';
import { shown } from '../../../assets/locales/shown.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function checkCommand(): Command<[string], { python?: string[]; bundle?: string[]; timeout: string }> {
  return new Command('check')
    .description('why does this host fail in Python? every interpreter, every client (urllib, requests, pip)')
    .argument('<url>', 'host, host:port or https://host[:port]/path')
    .option('--python <path>', 'interpreter to ask (repeatable; default: every one found)', collect)
    .option('--bundle <file>', 'also judge this CA bundle on its own (repeatable)', collect)
    .option('--timeout <seconds>', 'network timeout per connection', '8')
    .action(async (url, options, command) => {
      const opts = command.optsWithGlobals() as GlobalOptions;
      const parsed = parseTarget(url);
      if (!parsed.ok) throw new UsageError(say(parsed.problem));
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout: ${options.timeout}`);
      const interpreters = options.python?.length ? options.python : await defaultInterpreters();
      if (interpreters.length === 0 && !options.bundle?.length) throw new UsageError(t('check:cli.noInterpreters'));
      const ctx = await contextFrom(opts);
      const { signal, dispose } = abortOnSignals();
      try {
        const report = await checkHost({ target: parsed.target, interpreters, bundles: options.bundle ?? [], ctx, signal, timeoutMs: timeoutSeconds * 1000 });
        // The CAs it saw, for `trustfix trust FINGERPRINT` (a proxy's root that is in no store yet).
        await rememberSeen(resolveDataDir(opts.dataDir), report.chain.flatMap((c) => ctx.index.get(c.fingerprint)?.der ?? []));
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${render(report, opts)}\n`);
        process.exitCode = report.results.every((r) => r.ok) && !report.unreachable ? 0 : 1;
      } finally {
        dispose();
      }
    });
}

function render(report: CheckReport, opts: GlobalOptions): string {
  const c = colours(opts.color !== false);
  const out: string[] = [];
  const head = [t('check:cli.host', { host: report.host, port: report.port })];
  if (report.proxy) head.push(t('check:cli.viaProxy', { proxy: report.proxy }));
  if (report.protocol) head.push(t('check:cli.protocol', { protocol: report.protocol }));
  out.push(c.bold(head.join('  ·  ')));
  if (report.unreachable) out.push(c.red(say({ code: `check:detail.unreachable.${report.unreachable.kind}`, params: { error: report.unreachable.message } })));
  if (report.chain.length) {
    out.push(t('check:cli.chainTitle'));
    for (const cert of report.chain) {
      const tag = cert.from === 'aia' ? c.yellow(` [${t('check:cli.fromAia')}]`) : '';
      // A server's certificate says whatever its maker wrote: its names are shown escaped.
      out.push(`  ${cert.position}  ${c.bold(shown(cert.subject))}${tag}`);
      out.push(c.dim(`     ← ${shown(cert.issuer)}`));
      out.push(c.dim(`     ${t('check:cli.validity', { from: cert.notBefore.slice(0, 10), to: cert.notAfter.slice(0, 10) })}  SHA-256 ${cert.fingerprint.slice(0, 16)}…`));
      if (cert.subjectAltNames.length) out.push(c.dim(`     ${t('check:cli.sans')}: ${shown(cert.subjectAltNames.join(', '))}`));
      if (cert.caIssuers.length) out.push(c.dim(`     AIA: ${shown(cert.caIssuers.join(', '))}`));
    }
  }
  for (const e of report.interpreterErrors) out.push(c.yellow(t('check:cli.interpreterError', { message: say(e.problem) })));
  if (report.results.length) {
    const table = new Table({
      head: ['python', 'client', 'source', 'result', 'pythonSays'].map((k) => t(`check:cli.table.${k}`)),
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: [null, null, 36, 30, 44] as unknown as number[],
    });
    for (const r of report.results) {
      const cause = t(`check:cause.${r.cause}`);
      table.push([
        r.python ? `${r.pythonVersion ?? ''}\n${shown(r.python)}` : t('check:cli.bundleRow'),
        r.client ?? '-',
        shown(r.source),
        (r.ok ? c.green(cause) : c.red(cause)) + (r.disagreement ? `\n${c.magenta(t('check:cli.disagree'))}` : ''),
        pythonSaysText(r),
      ]);
    }
    out.push(table.toString());
  }
  for (const r of report.results.filter((x) => !x.ok || x.disagreement)) out.push(details(r, c));
  out.push(t('check:cli.summary', { ok: report.summary.ok, total: report.summary.results, failing: report.summary.failing, disagreements: report.summary.disagreements, ms: report.elapsedMs }));
  return out.join('\n');
}

function pythonSaysText(r: CheckResult): string {
  if (!r.pythonSays) return '-';
  if (r.pythonSays.ok) return t('check:cli.pythonOk');
  return shown(r.pythonSays.sslError ?? r.pythonSays.error ?? '', true);
}

function details(r: CheckResult, c: ReturnType<typeof colours>): string {
  const lines = [`\n${c.bold(`${r.python ? `Python ${r.pythonVersion} · ${r.client}` : t('check:cli.bundleRow')} · ${shown(r.source)}`)}`];
  lines.push(`  ${say(r.detail)}`);
  for (const n of r.notes) lines.push(c.dim(`  ${say(n)}`));
  if (r.repairs.length) {
    lines.push(`  ${t('check:cli.repairs')}`);
    for (const p of r.repairs) lines.push(`   - ${say(p.why)}${p.needsFingerprintConfirmation ? c.yellow(` (${t('check:cli.confirmFingerprint')})`) : ''}`);
  }
  return lines.join('\n');
}
