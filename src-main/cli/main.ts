// `trustfix`: the command-line twin of the app. Its exit codes: exitCodes.ts.
import { Command, CommanderError } from '@commander-js/extra-typings';
import type { Message } from '../core/messages.ts';
import { commandsFor } from './commands/index.ts';
import { EXIT_FAILURE, EXIT_OK } from './exitCodes.ts';
import { addGlobalOptions, parseAt, UsageError } from './globalOptions.ts';
import { detectLanguage, say, setupI18n, t } from './i18n.ts';
import { stoppedExitCode } from './interrupt.ts';

function langFromArgv(argv: string[]): string | undefined {
  const i = argv.indexOf('--lang');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
}

export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('trustfix')
    .description('Find out why Python says CERTIFICATE_VERIFY_FAILED, and repair it without turning security off.')
    .version(process.env.npm_package_version ?? '0.1.0')
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  addGlobalOptions(program);
  program.hook('preAction', (_this, action) => {
    const at = (action.optsWithGlobals() as { at?: unknown }).at;
    if (typeof at === 'string') program.setOptionValue('at', parseAt(at));
  });
  for (const command of await commandsFor(argv)) {
    command.exitOverride();
    program.addCommand(command as unknown as Command);
  }
  return program as unknown as Command;
}

export async function runCli(argv: string[]): Promise<number> {
  setupI18n(detectLanguage(langFromArgv(argv)));
  process.exitCode = EXIT_OK;
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    return Number(process.exitCode ?? EXIT_OK);
  } catch (error) {
    // Work cut short by Ctrl-C or SIGTERM: the exit code says so; "aborted" is no failure to report.
    const stopped = stoppedExitCode();
    if (stopped && (error as Error | undefined)?.name === 'AbortError') return stopped;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_FAILURE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_FAILURE;
    }
    if (hasProblem(error)) {
      process.stderr.write(`${say(error.problem)}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`${t('cli.failed', { reason: error instanceof Error ? error.message : String(error) })}\n`);
    if (process.env.TRUSTFIX_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT_FAILURE;
  }
}

/** Errors core raises for people (a context that cannot be made, a refused repair, a failed step)
 * carry a translatable message. */
function hasProblem(error: unknown): error is Error & { problem: Message } {
  const problem = (error as { problem?: Message } | undefined)?.problem;
  return error instanceof Error && typeof problem?.code === 'string';
}

// Run directly: `node src-main/cli/main.ts scan ...` (tests do this; `bin/trustfix.js` is the usual way in).
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv);
}
