// The explicit registry of CLI commands: each entry adds one subcommand to the program.
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerApplyCommand } from './apply.js';
import { registerDemoCommand } from './demo.js';
import { registerImportCommand } from './import.js';
import { registerPlanCommand } from './plan.js';
import { registerServeCommand } from './serve.js';
import { registerStatusCommand } from './status.js';
import { registerValidateCommand } from './validate.js';

export type RegisterCommand = (program: Command, io: CliIo, setExitCode: (code: number) => void) => void;

export const commandRegistrations: readonly RegisterCommand[] = [
  registerValidateCommand,
  registerPlanCommand,
  registerApplyCommand,
  registerStatusCommand,
  registerImportCommand,
  registerDemoCommand,
  registerServeCommand,
];
