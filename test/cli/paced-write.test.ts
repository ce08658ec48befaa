// writeLines (src/cli/paced-write.ts): every line in order with its newline, and never more than about one piece
// waiting in a slow stream's buffer, however many lines there are.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeLines } from '../../src/cli/paced-write.js';

/** A stream that takes one chunk per event-loop turn and records how much was ever waiting in its buffer. */
function slowStream(): { stream: Writable; text: () => string; mostBuffered: () => number } {
  const chunks: string[] = [];
  let most = 0;
  const stream = new Writable({
    highWaterMark: 16 * 1024,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  stream.write = ((chunk: string) => {
    const ok = write(chunk);
    most = Math.max(most, stream.writableLength);
    return ok;
  }) as typeof stream.write;
  return { stream, text: () => chunks.join(''), mostBuffered: () => most };
}

describe('writeLines', () => {
  it('writes every line in order, each with its newline', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `manifests/team-${i}.yaml:${i}:9: warning number ${i}`);
    const { stream, text } = slowStream();
    await writeLines(stream, lines);
    expect(text()).toBe(`${lines.join('\n')}\n`);
  });

  it('waits for a slow stream instead of queueing everything in its buffer', async () => {
    // About 1 MB of lines: written without waiting, nearly all of it would sit in the buffer at once.
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} `.padEnd(50, '.'));
    const { stream, mostBuffered } = slowStream();
    await writeLines(stream, lines);
    expect(mostBuffered()).toBeLessThan(2 * 64 * 1024 + 100);
  });

  it('writes nothing for no lines', async () => {
    const { stream, text } = slowStream();
    await writeLines(stream, []);
    expect(text()).toBe('');
  });
});
