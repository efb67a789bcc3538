// Exit codes are set by name (src-main/cli/exitCodes.ts), and the names mean what the docs say.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_PROBLEMS,
  EXIT_SIGINT,
  EXIT_SIGPIPE,
  EXIT_SIGTERM,
} from '../../../src-main/cli/exitCodes.ts';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

describe('exit codes', () => {
  it('are never written as bare numbers where the CLI sets one', () => {
    const files = [...sources('src-main/cli'), ...sources('bin')].filter((f) => f !== 'src-main/cli/exitCodes.ts');
    expect(files).toContain('bin/trustfix.js');
    expect(files).toContain('src-main/cli/commands/undo.ts');
    // `exitCode = 0`, `exitCode = ok ? 0 : 1`, `exit(2)`, `return 2` beside an exit code ...
    const bare = /(exitCode\s*=[^;\n]*[?:|]\s*\d|exitCode\s*=\s*\d|\bexit\(\s*\d)/;
    const found = files.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line: line.trim() }))
        .filter(({ line }) => !line.startsWith('//') && !line.startsWith('*') && bare.test(line))
        .map(({ where, line }) => `${where}: ${line}`),
    );
    expect(found).toEqual([]);
  });

  it('bin/trustfix.js refuses with the code the module calls a failure', () => {
    const bin = readFileSync(join(root, 'bin/trustfix.js'), 'utf8');
    expect(bin).toMatch(new RegExp(`const EXIT_FAILURE = ${EXIT_FAILURE};`));
    expect(bin).toMatch(/process\.exit\(EXIT_FAILURE\)/);
  });

  it('match the README, docs/cli.md and docs/repair.md', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const cli = readFileSync(join(root, 'docs/cli.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`Exit codes: \`${EXIT_OK}\` all good, \`${EXIT_PROBLEMS}\` problems found`);
    expect(readme).toContain(`\`${EXIT_FAILURE}\` bad usage or a failure`);
    expect(cli).toMatch(
      new RegExp(`Exit codes: ${EXIT_OK} done \\(or plan printed\\), ${EXIT_PROBLEMS} refused/failed/rolled back`),
    );
    const repair = readFileSync(join(root, 'docs/repair.md'), 'utf8');
    const table = repair.slice(repair.indexOf('### Exit codes'));
    expect(table).toMatch(new RegExp(`^\\| ${EXIT_OK} \\| every client asked for`, 'm'));
    expect(table).toMatch(new RegExp(`^\\| ${EXIT_PROBLEMS} \\| at least one client asked for does not work`, 'm'));
    expect(table).toMatch(new RegExp(`^\\| ${EXIT_FAILURE} \\| bad usage`, 'm'));
    const interruptions = readFileSync(join(root, 'docs/interruptions.md'), 'utf8');
    expect(interruptions).toContain(`exits **${EXIT_SIGINT}** (SIGINT) or **${EXIT_SIGTERM}** (SIGTERM)`);
    expect(interruptions).toContain(
      `it exits **${EXIT_SIGPIPE}**, what a shell reports for a process a closed pipe ended`,
    );
    expect(cli).toContain(`Output whose reader went away first (\`| head\`): ${EXIT_SIGPIPE}`);
  });
});
