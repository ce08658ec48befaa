// Builds the `keyward` command line: one commander program, one register function per command file.
// Commands report failures as KeywardErrors; this module turns them into one clear line and an exit code.
import { Command, CommanderError } from 'commander';
import { isKeywardError } from '../core/errors.js';
import { EXIT_ERROR, type CliIo } from './io.js';
import { commandRegistrations } from './commands/index.js';

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('keyward')
    .description('Service users and their API keys as code')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run keyward --help for usage)');
  for (const register of commandRegistrations) register(program, io, setExitCode);
  return program;
}

/** Runs the CLI with argv (without node and script), returning the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
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
