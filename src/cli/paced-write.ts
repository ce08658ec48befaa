// Writes long output (a plan's 100,000 warning lines) in pieces of about 64 KiB, waiting whenever the stream's buffer
// is full, so neither the whole text nor a copy of it waiting for a slow reader is held at once (bench/plan).
// Never reorders or drops a line.

/** Characters gathered before a piece is written. */
const PIECE_CHARS = 64 * 1024;

/** Writes each line followed by a newline, in order; resolves once the stream took the last piece. */
export async function writeLines(stream: NodeJS.WritableStream, lines: Iterable<string>): Promise<void> {
  let piece: string[] = [];
  let size = 0;
  for (const line of lines) {
    piece.push(line);
    size += line.length + 1;
    if (size >= PIECE_CHARS) {
      await writePiece(stream, piece);
      piece = [];
      size = 0;
    }
  }
  if (piece.length > 0) await writePiece(stream, piece);
}

async function writePiece(stream: NodeJS.WritableStream, lines: readonly string[]): Promise<void> {
  if (!stream.write(`${lines.join('\n')}\n`)) await drained(stream);
}

/**
 * Resolves when the stream wants more, or can take none (closed or failed: its own error handling reports that, as
 * for any other write).
 */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
