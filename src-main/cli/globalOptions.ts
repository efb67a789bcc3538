// The options every command accepts, and turning them into a trust context.
import type { Command } from '@commander-js/extra-typings';
import type { TrustContext } from '../core/context.ts';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  reference?: string;
  systemStore?: string;
  at?: Date;
  lang?: string;
  color?: boolean;
}

/** Async so that core is loaded only for a bad date: `trustfix --version` loads nothing of core. */
export async function parseAt(value: string): Promise<Date> {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) {
    const { msg, Problem } = await import('../core/messages.ts');
    throw new Problem(msg('common:cli.badDate', { value }));
  }
  return date;
}

export function addGlobalOptions<C extends Command>(program: C): C {
  program
    .option('--json', 'machine-readable output on stdout, nothing else there')
    .option('--data-dir <dir>', "where TrustFix keeps its state (default: the OS's per-user app-data folder)")
    .option('--reference <file>', 'use this PEM bundle as "current" instead of the built-in Mozilla list')
    .option('--system-store <file>', 'read this PEM bundle as the OS root store')
    .option('--at <date>', 'judge expiry as of this date (YYYY-MM-DD or ISO time)')
    .option('--lang <language>', 'en or zh-CN (default: from the environment)')
    .option('--no-color', 'no colours in human output');
  return program;
}

/** Loaded here, not at the top: `trustfix --version` and `--help` never need the certificate code. */
export async function contextFrom(opts: GlobalOptions): Promise<TrustContext> {
  const { createContext } = await import('../core/context.ts');
  return createContext({
    ...(opts.reference ? { referenceFile: opts.reference } : {}),
    ...(opts.systemStore ? { systemStoreFile: opts.systemStore } : {}),
    ...(opts.at ? { at: opts.at } : {}),
  });
}
