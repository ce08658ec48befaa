// Ctrl-C (or SIGTERM) during apply: the first stops new actions and lets those under way finish, so a new key is
// delivered or rolled back rather than orphaned; a second one exits at once. Never prints a secret.
import type { CliIo } from './io.js';

export interface Interrupt {
  /** Aborted on the first Ctrl-C; apply skips every action not yet started. */
  readonly signal: AbortSignal;
  /** Stops listening (call when apply has finished). */
  dispose(): void;
}

/** `beforeExit` restores the terminal (stops the progress bar) before a second Ctrl-C exits with 130. */
export function watchInterrupt(
  io: CliIo,
  beforeExit: () => void,
  exit: (code: number) => void = (code) => process.exit(code),
): Interrupt {
  const signals = io.signals ?? process;
  const controller = new AbortController();
  const onSignal = (): void => {
    if (!controller.signal.aborted) {
      controller.abort();
      io.stderr.write(
        '\nInterrupted: starting no further actions; the ones under way finish (a new key is delivered or rolled back).\n' +
          'Press Ctrl-C again to stop at once (a key created just now may be left undelivered; the next plan replaces it as an orphan).\n',
      );
      return;
    }
    beforeExit();
    io.stderr.write('\nStopped at once. Run keyward plan to see what was left undone.\n');
    exit(130);
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
    },
  };
}
