// What a CLI command may touch of the outside world, passed in so tests drive commands directly.
// Commands write only through these streams; nothing in the core prints.

/** Where Ctrl-C and termination arrive: the process, or an EventEmitter in tests. */
interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Signals to watch during apply; default the process. */
  readonly signals?: SignalSource;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signals: process,
  };
}

/** Exit codes like `terraform plan -detailed-exitcode`: 0 ok / no changes, 1 error, 2 changes present. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
