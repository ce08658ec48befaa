// Builds the `keyward` command line: one commander program, one register function per command file.
// Commands report failures as KeywardErrors; this module turns them into one clear line and an exit code.
import { Command, CommanderError } from 'commander';
import { isKeywardError } from '../kernel/errors.js';
import { EXIT_ERROR, type CliIo } from './io.js';
import { commandRegistrations } from './commands/index.js';
import { packageVersion } from './version.js';
import { environmentHelp } from './environment-help.js';

/** Commands that reach the key API or the stores, so their help lists the variables those read. */
const RECONCILERS = new Set(['validate', 'plan', 'apply', 'status', 'import']);

const HELP_AFTER = `
Exit codes: 0 success, 1 error, 2 something to do or needing attention (plan --detailed-exitcode;
status: a key expired, undelivered, orphaned or due).
Manifest format: docs/manifest.md. Example: keyward plan manifests/
`;

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
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
    .addHelpText('after', `${environmentHelp()}${HELP_AFTER}`);
  for (const register of commandRegistrations) register(program, io, setExitCode);
  // Usage errors of a command point at that command's help.
  for (const command of program.commands) {
    command.showHelpAfterError(`(run keyward ${command.name()} --help for usage)`);
    if (RECONCILERS.has(command.name())) command.addHelpText('after', environmentHelp());
  }
  return program;
}

/** Runs the CLI with argv (without node and script), returning the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  // --no-color (or Terraform's -no-color) may stand anywhere on the line; it means what NO_COLOR means.
  const noColor = argv.some((a) => a === '--no-color' || a === '-no-color');
  const program = buildProgram(noColor ? { ...io, env: { ...io.env, NO_COLOR: '1' } } : io, (code) => {
    exitCode = code;
  });
  try {
    // Terraform's habit: `plan -out=FILE` / `-out FILE` mean --out.
    const args = argv
      .filter((a) => a !== '--no-color' && a !== '-no-color')
      .map((a) => (a === '-out' ? '--out' : a.startsWith('-out=') ? `--out=${a.slice(5)}` : a));
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
