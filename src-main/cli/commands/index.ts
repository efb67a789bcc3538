// Every `trustfix` command, one file each, loaded only when it runs: the repair, check and UI
// commands pull in large modules (X.509 extensions, HTTP server, locks) that `scan` never needs,
// and a CLI that starts in 0.2 s instead of 0.9 s is one people keep using.
import type { Command } from '@commander-js/extra-typings';

type AnyCommand = Command<any, any, any>;

export const COMMANDS: Record<string, () => Promise<AnyCommand>> = {
  scan: async () => (await import('./scan.ts')).scanCommand(),
  pythons: async () => (await import('./pythons.ts')).pythonsCommand(),
  clients: async () => (await import('./clients.ts')).clientsCommand(),
  check: async () => (await import('./check.ts')).checkCommand(),
  fix: async () => (await import('./fix.ts')).fixCommand(),
  append: async () => (await import('./append.ts')).appendCommand(),
  refresh: async () => (await import('./refresh.ts')).refreshCommand(),
  export: async () => (await import('./export.ts')).exportCommand(),
  point: async () => (await import('./point.ts')).pointCommand(),
  'os-store': async () => (await import('./osStore.ts')).osStoreCommand(),
  'use-os-store': async () => (await import('./useOsStore.ts')).useOsStoreCommand(),
  trust: async () => (await import('./trust.ts')).trustCommand(),
  plan: async () => (await import('./plan.ts')).planCommand(),
  apply: async () => (await import('./apply.ts')).applyCommand(),
  report: async () => (await import('./report.ts')).reportCommand(),
  history: async () => (await import('./history.ts')).historyCommand(),
  undo: async () => (await import('./undo.ts')).undoCommand(),
  ui: async () => (await import('./ui.ts')).uiCommand(),
  'elevated-apply': async () => (await import('./elevatedApply.ts')).elevatedApplyCommand(),
};

/** Global options that take a value: their value is not the command's name. */
const VALUED = new Set(['--data-dir', '--reference', '--system-store', '--at', '--lang']);

/** The command named on the command line, if it is one of ours. */
export function commandNameIn(argv: string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (VALUED.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return Object.hasOwn(COMMANDS, arg) ? arg : undefined;
  }
  return undefined;
}

/** Only the command about to run; every command for help and for a name we do not know. */
export async function commandsFor(argv: string[]): Promise<AnyCommand[]> {
  const name = commandNameIn(argv);
  const versionOnly = !name && argv.slice(2).some((a) => a === '--version' || a === '-V');
  const names = name ? [name] : versionOnly ? [] : Object.keys(COMMANDS);
  return Promise.all(names.map((n) => COMMANDS[n]!()));
}
