// The options every command accepts, and turning them into a trust context.
import type { Command } from '@commander-js/extra-typings';
import type { TrustContext } from '../core/context.ts';
import { msg, Problem } from '../core/messages.ts';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  reference?: string;
  systemStore?: string;
  at?: Date;
  lang?: string;
  color?: boolean;
}

export function parseAt(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new Problem(msg('common:cli.badDate', { value }));
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
