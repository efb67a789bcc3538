// The client part of `trustfix clients` and `trustfix scan`: running core's scanClients after the
// Pythons, the table (one row per client: curl, git, node, npm, uv, conda, poetry, aws, botocore,
// then each interpreter's urllib, requests and pip), and the short list `scan` prints.
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import type { TrustContext } from '../core/context.ts';
import type { ClientScan } from '../core/clients/scanClients.ts';
import type { Setting, SettingOrigin, ToolClient, ToolSource } from '../core/clients/types.ts';
import { CLIENTS, type ClientTrust, type PythonInfo, type SourceStatus } from '../core/pythons/types.ts';
import { shown } from '../../assets/locales/shown.ts';
import type { GlobalOptions } from './globalOptions.ts';
import { say, t } from './i18n.ts';
import { colours } from './style.ts';

type Colours = ReturnType<typeof colours>;

export async function runClients(
  ctx: TrustContext,
  verdicts: BundleVerdict[],
  pythons: PythonInfo[],
  signal: AbortSignal,
): Promise<ClientScan> {
  const { scanClients } = await import('../core/clients/scanClients.ts'); // only when clients are asked for
  return scanClients(ctx, verdicts, { pythons, signal });
}

function statusText(c: Colours, status: SourceStatus | undefined, insecure?: boolean): string {
  if (insecure) return c.red(t('clients:status.insecure'));
  const word = t(`clients:status.${status ?? 'unknown'}`);
  if (status === 'current') return c.green(word);
  if (status === 'stale') return c.yellow(word);
  if (status === 'broken' || status === 'not-a-bundle') return c.red(word);
  return c.dim(word);
}

function whereText(w: SettingOrigin): string {
  if (w.kind === 'env') return t('clients:where.env');
  if (w.kind === 'file')
    return w.line
      ? t('clients:where.fileLine', { path: w.path, line: w.line })
      : t('clients:where.file', { path: w.path });
  if (w.kind === 'flag')
    return w.in ? t('clients:where.flag', { flag: w.flag, in: w.in }) : t('clients:where.flagAlone', { flag: w.flag });
  return t('clients:where.builtIn');
}

function sourceText(s: ToolSource): string {
  let text: string;
  if (s.kind === 'os-store') text = t('clients:source.os-store');
  else if (s.kind === 'bundled')
    text = s.count ? t('clients:source.bundled', { count: s.count }) : t('clients:source.bundledNoCount');
  else if (s.kind === 'inline')
    text = s.path
      ? t('clients:source.inline', { count: s.count ?? 0, path: s.path })
      : t('clients:source.inlineNoPath', { count: s.count ?? 0 });
  else text = shown(s.path ?? '');
  return s.appliesTo ? `${text} (${t('clients:source.for', { scope: s.appliesTo })})` : text;
}

function settingLine(s: Setting): string {
  const head = t(`clients:effect.${s.effect}`, {
    setting: `${s.name}${s.value && s.effect !== 'wins' ? `=${s.value}` : ''}`,
  });
  return `${head} (${whereText(s.where)})${s.note ? `: ${say(s.note)}` : ''}`;
}

function toolRow(cl: ToolClient, c: Colours): string[] {
  const name = [cl.name, c.dim(shown(cl.executable))].join('\n');
  const version = cl.version ?? c.dim(t('clients:version.unknown'));
  const sources = cl.trust.sources.map((s, i) => `${i > 0 ? '+ ' : ''}${sourceText(s)}`);
  if (cl.bundled)
    sources.push(
      c.dim(
        t('clients:bundled', {
          status: t(`clients:status.${cl.bundled.status ?? 'unknown'}`),
          path: cl.bundled.path ?? '',
        }),
      ),
    );
  const steer = cl.trust.steeredBy;
  const why = [
    steer
      ? t('clients:why.setting', { setting: steer.setting, where: whereText(steer.where) })
      : t('clients:why.default'),
  ];
  for (const s of cl.settings)
    if (s.effect !== 'wins' || (steer && s.name !== steer.setting && s.note)) why.push(c.dim(settingLine(s)));
  const status = [statusText(c, cl.status, cl.insecure)];
  if (cl.reason) status.push(say(cl.reason));
  if (cl.versionError) status.push(c.dim(say(cl.versionError)));
  return [name, version, sources.join('\n') || c.dim(t('clients:source.none')), why.join('\n'), status.join('\n')];
}

function pythonRow(p: PythonInfo, ct: ClientTrust, c: Colours): string[] {
  const name = [
    t('clients:python.label', { client: ct.client, version: p.version ?? '?' }),
    c.dim(shown(p.executable)),
  ].join('\n');
  const sources = ct.sources.map(
    (s, i) =>
      `${i > 0 ? '+ ' : ''}${s.kind === 'os-store' ? t('clients:source.os-store') + (s.path ? ` (${shown(s.path)})` : '') : shown(s.path)}`,
  );
  const status = [statusText(c, ct.status)];
  if (ct.reason) status.push(say(ct.reason));
  return [name, ct.version ?? '', sources.join('\n'), ct.steeredBy || t('clients:why.default'), status.join('\n')];
}

const good = (s: SourceStatus | undefined): boolean => s === 'current' || s === 'os-store';

export async function clientsText(
  scan: Pick<ClientScan, 'clients' | 'timing'>,
  pythons: PythonInfo[],
  opts: GlobalOptions,
): Promise<string> {
  const c = colours(opts.color !== false);
  const pyClients = pythons.flatMap((p) =>
    p.error ? [] : CLIENTS.flatMap((n) => (p.clients[n]?.available ? [[p, p.clients[n]!] as const] : [])),
  );
  const total = scan.clients.length + pyClients.length;
  if (total === 0) return t('clients:none');
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['client', 'version', 'source', 'why', 'status'].map((k) => t(`clients:table.${k}`)),
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: false,
    colWidths: [28, 10, 36, 38, 28],
  });
  for (const cl of scan.clients) table.push(toolRow(cl, c));
  for (const [p, ct] of pyClients) table.push(pythonRow(p, ct, c));
  const statuses = [
    ...scan.clients.map((x) => ({ status: x.status, insecure: x.insecure })),
    ...pyClients.map(([, ct]) => ({ status: ct.status, insecure: false })),
  ];
  const ok = statuses.filter((s) => !s.insecure && good(s.status)).length;
  const unknown = statuses.filter((s) => !s.insecure && (s.status === 'unknown' || !s.status)).length;
  return [
    t('clients:title', { count: total }),
    table.toString(),
    t('clients:summary', { total, ok, problems: total - ok - unknown, unknown }),
    c.dim(t('clients:timing', scan.timing)),
  ].join('\n');
}

/** For `scan`: one line per client, the details left to `trustfix clients`. */
export function clientsBrief(clients: ToolClient[], opts: GlobalOptions): string {
  const c = colours(opts.color !== false);
  if (clients.length === 0) return '';
  const lines = clients.map((cl) => {
    const main = cl.trust.sources[0];
    const steer = cl.trust.steeredBy;
    return `  ${t('clients:scan.line', {
      name: cl.name,
      version: cl.version ?? t('clients:version.unknown'),
      status: statusText(c, cl.status, cl.insecure),
      source: main ? sourceText(main) : t('clients:source.none'),
      why: steer ? t('clients:scan.why', { setting: steer.setting }) : '',
    })}`;
  });
  return [t('clients:scan.title', { count: clients.length }), ...lines].join('\n');
}
