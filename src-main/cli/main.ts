// `trustfix`: the command-line twin of the app. Its exit codes: exitCodes.ts.
import { Command, CommanderError } from '@commander-js/extra-typings';
import { closedOutputExitCode, watchClosedOutput } from './closedOutput.ts';
import { commandsFor } from './commands/index.ts';
import { EXIT_FAILURE, EXIT_OK } from './exitCodes.ts';
import { addGlobalOptions, parseAt } from './globalOptions.ts';
import { detectLanguage, say, setupI18n } from './i18n.ts';
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
  program.hook('preAction', async (_this, action) => {
    const at = (action.optsWithGlobals() as { at?: unknown }).at;
    if (typeof at === 'string') program.setOptionValue('at', await parseAt(at));
  });
  for (const command of await commandsFor(argv)) {
    command.exitOverride();
    program.addCommand(command as unknown as Command);
  }
  return program as unknown as Command;
}

export async function runCli(argv: string[]): Promise<number> {
  setupI18n(detectLanguage(langFromArgv(argv)));
  watchClosedOutput();
  process.exitCode = EXIT_OK;
  try {
    await (await buildProgram(argv)).parseAsync(argv);
    return closedOutputExitCode() ?? Number(process.exitCode ?? EXIT_OK);
  } catch (error) {
    // Work cut short by Ctrl-C or SIGTERM: the exit code says so; "aborted" is no failure to report.
    const stopped = stoppedExitCode();
    if (stopped && (error as Error | undefined)?.name === 'AbortError') return stopped;
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return closedOutputExitCode() ?? EXIT_OK;
      return EXIT_FAILURE;
    }
    // A bad option, a refused repair, a context that cannot be made, or a failure of the tool itself.
    // Loaded here: `trustfix --version` loads nothing of core.
    const { msg, Problem, problemOf } = await import('../core/messages.ts');
    process.stderr.write(`${say(problemOf(error, (reason) => msg('common:cli.failed', { reason })))}\n`);
    if (process.env.TRUSTFIX_DEBUG && error instanceof Error && !(error instanceof Problem))
      process.stderr.write(`${error.stack}\n`);
    return EXIT_FAILURE;
  }
}

// Run directly: `node src-main/cli/main.ts scan ...` (tests do this; `bin/trustfix.js` is the usual way in).
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv);
}
