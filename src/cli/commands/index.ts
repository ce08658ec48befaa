// The explicit registry of CLI commands: each entry adds one subcommand to the program.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export type RegisterCommand = (program: Command, io: CliIo, setExitCode: (code: number) => void) => void;

export const commandRegistrations: readonly RegisterCommand[] = [];
