// Builds the `keyward` command line: one commander program, one register function per command file.
// Commands report failures as KeywardErrors; this module turns them into one clear line and an exit code.
import { Command, CommanderError } from 'commander';
import { isKeywardError } from '../kernel/errors.js';
import { EXIT_ERROR, type CliIo } from './io.js';
import { commandRegistrations } from './commands/index.js';
import { packageVersion } from './version.js';

const HELP_AFTER = `
Environment:
  KEYWARD_URL, KEYWARD_API_KEY     key service and API key of driver keyward
  INFOBLOX_PORTAL_URL, INFOBLOX_PORTAL_KEY
                                   Infoblox portal and API key of driver infoblox
  KEYWARD_NOW                      plan as of another moment (RFC 3339, e.g. 2026-01-31T12:00:00Z)
  NO_COLOR                         no colour even on a terminal
  KEYWARD_DEBUG                    print stack traces of unexpected failures

Exit codes: 0 success, 1 error, 2 something to do or needing attention (plan --detailed-exitcode;
status: a key expired, undelivered, orphaned or due).
Manifest format: docs/manifest.md. Example: keyward plan manifests/
`;

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('keyward')
    .description('Service users and their API keys as code')
    .version(packageVersion(), '-V, --version', 'print the keyward version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run keyward --help for usage)')
    .addHelpText('after', HELP_AFTER);
  for (const register of commandRegistrations) register(program, io, setExitCode);
  // Usage errors of a command point at that command's help.
  for (const command of program.commands)
    command.showHelpAfterError(`(run keyward ${command.name()} --help for usage)`);
  return program;
}

/** Runs the CLI with argv (without node and script), returning the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    // Terraform's habit: `plan -out=FILE` / `-out FILE` mean --out.
    const args = argv.map((a) => (a === '-out' ? '--out' : a.startsWith('-out=') ? `--out=${a.slice(5)}` : a));
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
