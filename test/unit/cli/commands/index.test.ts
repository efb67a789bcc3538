import { describe, expect, it } from 'vitest';
import { commandNameIn, commandsFor, COMMANDS } from '../../../../src-main/cli/commands/index.ts';

const argv = (...a: string[]): string[] => ['node', 'trustfix', ...a];

describe('lazy command loading', () => {
  it('finds the command name past global options and their values', () => {
    expect(commandNameIn(argv('scan', '--json'))).toBe('scan');
    expect(commandNameIn(argv('--json', '--data-dir', 'scan', '--reference', 'x.pem', 'check', 'host'))).toBe('check');
    expect(commandNameIn(argv('--lang', 'zh-CN', 'os-store', 'add'))).toBe('os-store');
    expect(commandNameIn(argv('--at=2026-11-23', 'undo'))).toBe('undo');
    expect(commandNameIn(argv('frobnicate'))).toBeUndefined();
    expect(commandNameIn(argv('--help'))).toBeUndefined();
  });

  it('loads one command to run it, all of them for help, none for --version', async () => {
    expect((await commandsFor(argv('scan'))).map((c) => c.name())).toEqual(['scan']);
    expect((await commandsFor(argv('--version'))).length).toBe(0);
    const all = await commandsFor(argv('--help'));
    expect(all.map((c) => c.name())).toEqual(Object.keys(COMMANDS));
  });
});
