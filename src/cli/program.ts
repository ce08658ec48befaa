// Builds the `keyward` command line: one commander program, one register function per command file.
// Commands report failures as KeywardErrors; this module turns them into one clear line and an exit code.
// A run that names a command loads that command's module only; help (or no known command) loads them all.
import { Command, CommanderError } from 'commander';
import { isKeywardError } from '../kernel/errors.js';
import { EXIT_ERROR, type CliIo } from './io.js';
import { COMMANDS, commandWord, type CommandEntry } from './commands/index.js';
import { packageVersion } from './version.js';

/** Commands that reach the key API or the stores, so their help lists the variables those read. */
const RECONCILERS = new Set(['validate', 'plan', 'apply', 'status', 'import']);

const HELP_AFTER = `
Exit codes: 0 success, 1 error, 2 something to do or needing attention (plan --detailed-exitcode;
status: a key expired, undelivered, orphaned or due).
Manifest format: docs/manifest.md. Example: keyward plan manifests/
`;

/**
 * The commands a run needs: the one `args` names, or every command when help may be printed (`--help`, `help`, no
 * command, an unknown one), so the listing is complete.
 */
function neededCommands(args: readonly string[]): {
  readonly entries: readonly CommandEntry[];
  readonly help: boolean;
} {
  const word = commandWord(args);
  const named = COMMANDS.find((entry) => entry.name === word);
  if (named === undefined) return { entries: COMMANDS, help: true };
  const help = args.includes('--help') || args.includes('-h');
  return { entries: help ? COMMANDS : [named], help };
}

async function buildProgram(
  io: CliIo,
  setExitCode: (code: number) => void,
  needed: ReturnType<typeof neededCommands>,
): Promise<Command> {
  // The environment section reads the driver and store registries: loaded only when help may be shown.
  const environmentHelp = needed.help ? (await import('./environment-help.js')).environmentHelp() : '';
  const program = new Command('keyward')
    .description('Service users and their API keys as code')
    .version(packageVersion(), '-V, --version', 'print the keyward version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .option('--no-color', 'no colour even on a terminal (also NO_COLOR, or -no-color anywhere on the line)')
    .showHelpAfterError('(run keyward --help for usage)')
    .addHelpText('after', `${environmentHelp}${HELP_AFTER}`);
  const registrations = await Promise.all(needed.entries.map((entry) => entry.load()));
  for (const register of registrations) register(program, io, setExitCode);
  // Usage errors of a command point at that command's help.
  for (const command of program.commands) {
    command.showHelpAfterError(`(run keyward ${command.name()} --help for usage)`);
    if (RECONCILERS.has(command.name())) command.addHelpText('after', environmentHelp);
  }
  return program;
}

/** Runs the CLI with argv (without node and script), returning the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  // --no-color (or Terraform's -no-color) may stand anywhere on the line; it means what NO_COLOR means.
  const noColor = argv.some((a) => a === '--no-color' || a === '-no-color');
  // Terraform's habit: `plan -out=FILE` / `-out FILE` mean --out.
  const args = argv
    .filter((a) => a !== '--no-color' && a !== '-no-color')
    .map((a) => (a === '-out' ? '--out' : a.startsWith('-out=') ? `--out=${a.slice(5)}` : a));
  try {
    const setExitCode = (code: number) => {
      exitCode = code;
    };
    const cliIo = noColor ? { ...io, env: { ...io.env, NO_COLOR: '1' } } : io;
    const program = await buildProgram(cliIo, setExitCode, neededCommands(args));
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_ERROR;
    if (isKeywardError(err)) {
      io.stderr.write(`Error: ${err.message}\n`);
      if (err.source === 'system' && io.env.KEYWARD_DEBUG && err.stack) io.stderr.write(`${err.stack}\n`);
      return EXIT_ERROR;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`Error: unexpected failure: ${message}\n`);
    if (io.env.KEYWARD_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_ERROR;
  }
}
