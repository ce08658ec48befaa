// The request log of `keyward serve`: its lines reach the stream in one write per turn of the event loop.
// Writing to stdout is synchronous for files and pipes, so a line per write would cost a system call per request.

export interface LineLog {
  /** Queues one line (no newline); it is written after the requests of this turn of the event loop. */
  readonly line: (text: string) => void;
  /** Writes the queued lines now (before other output, so the order on the stream stays true). */
  readonly flush: () => void;
}

export function batchedLines(stream: NodeJS.WritableStream): LineLog {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    stream.write(text);
  };
  return {
    line: (text) => {
      pending.push(text);
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    },
    flush,
  };
}
