// Runs one store command without a shell: optional standard input, bounded output capture, a timeout that kills
// the whole process group. It never puts its input in argv or the environment, and never logs anything.
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** Exit code, or null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface CommandOptions {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Written to standard input, which is then closed; when absent, stdin is closed at once. */
  readonly stdin?: string;
  readonly timeoutMs: number;
  /** Bytes kept per stream; the rest is dropped. Default 64 KiB. */
  readonly maxOutput?: number;
}

/** Spawn failures (program missing, not executable) reject; everything else resolves with the outcome. */
export function runCommand(options: CommandOptions): Promise<CommandResult> {
  const [program, ...args] = options.argv;
  const maxOutput = options.maxOutput ?? 65_536;
  return new Promise((resolve, reject) => {
    const child = spawn(program ?? '', args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      // Own process group, so a timeout kills the script and everything it started.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = capture(maxOutput);
    const err = capture(maxOutput);
    child.stdout.on('data', out.add);
    child.stderr.on('data', err.add);
    // A command that exits without reading its input makes the write fail with EPIPE: its exit code decides.
    child.stdin.on('error', () => undefined);
    let timedOut = false;
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const timer = setTimeout(() => {
      // After the program exited, this only frees pipes a leftover background process still holds.
      timedOut = !exited;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout: out.text(), stderr: err.text(), timedOut });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Keeps the first `max` bytes; when it had to cut, it also drops the last partial line, so no value is cut in half. */
function capture(max: number): { add: (chunk: Buffer) => void; text: () => string } {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  return {
    add(chunk) {
      if (size >= max) {
        cut = true;
        return;
      }
      const room = max - size;
      if (chunk.length > room) cut = true;
      const kept = chunk.subarray(0, room);
      chunks.push(kept);
      size += kept.length;
    },
    text() {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!cut) return text;
      const lastNewline = text.lastIndexOf('\n');
      return `${lastNewline >= 0 ? text.slice(0, lastNewline + 1) : ''}[output truncated]\n`;
    },
  };
}
