// The explicit registry of CLI commands: each entry names one subcommand and loads the module that adds it, so a run
// loads only the command it names (`keyward serve` never loads the reconciler, and the reverse).
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export type RegisterCommand = (program: Command, io: CliIo, setExitCode: (code: number) => void) => void;

export interface CommandEntry {
  /** The subcommand's name, as its register function spells it. */
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** In the order `keyward --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', load: async () => (await import('./validate.js')).registerValidateCommand },
  { name: 'plan', load: async () => (await import('./plan.js')).registerPlanCommand },
  { name: 'apply', load: async () => (await import('./apply.js')).registerApplyCommand },
  { name: 'status', load: async () => (await import('./status.js')).registerStatusCommand },
  { name: 'import', load: async () => (await import('./import.js')).registerImportCommand },
  { name: 'demo', load: async () => (await import('./demo.js')).registerDemoCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).registerServeCommand },
];

/** The word naming the command: program options take no values, so it is the first word that is not an option. */
export function commandWord(args: readonly string[]): string | undefined {
  return args.find((arg) => !arg.startsWith('-'));
}
