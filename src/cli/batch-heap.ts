// Keeps V8's young generation at its starting size for the commands that run once and exit (plan, status, apply,
// validate). It is process-wide V8 state, so only an entry point calls it (src/cli/main.ts, bench/plan); never serve.
import { setFlagsFromString } from 'node:v8';
import { commandWord } from './commands/index.js';

/** Commands that read manifests, act and exit: their memory peak matters more than a few scavenges. */
const BATCH_COMMANDS: ReadonlySet<string> = new Set(['plan', 'status', 'apply', 'validate']);

/**
 * V8 doubles the young generation's semi-spaces from 1 MB up to 16 MB while a program keeps what it allocates, as a
 * plan does with 100,000 listed keys: two 16 MB semi-spaces are about 30 MB of the plan's peak RSS (bench/plan).
 * `--semi-space-growth-factor` is read each time V8 grows them, so setting it to 1 at run time holds them where they
 * are (`--max-semi-space-size`, read once when the heap is set up, does nothing at run time). The cost is more
 * scavenges: about 10 % more CPU at 100,000 keys (bench/plan/RESULTS.md).
 */
export function sizeHeapForCommand(argv: readonly string[]): void {
  const command = commandWord(argv);
  if (command !== undefined && BATCH_COMMANDS.has(command)) setFlagsFromString('--semi-space-growth-factor=1');
}
