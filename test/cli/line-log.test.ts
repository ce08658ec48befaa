// The serve request log: lines of one event-loop turn reach the stream in one write, in order; flush writes at once.
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedLines } from '../../src/cli/line-log.js';

function recorded() {
  const stream = new PassThrough();
  const writes: string[] = [];
  stream.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
  return { stream, writes };
}

describe('batchedLines', () => {
  it('writes the lines of one turn as one write after it, each ending in a newline', async () => {
    const { stream, writes } = recorded();
    const log = batchedLines(stream);
    log.line('GET /a 200 1.0ms');
    log.line('GET /b 404 0.5ms');
    expect(writes).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(writes).toEqual(['GET /a 200 1.0ms\nGET /b 404 0.5ms\n']);
    log.line('GET /c 200 0.1ms');
    await nextTurn();
    await nextTurn();
    expect(writes).toEqual(['GET /a 200 1.0ms\nGET /b 404 0.5ms\n', 'GET /c 200 0.1ms\n']);
  });

  it('flush writes the queued lines at once, so output written after them stays after them', async () => {
    const { stream, writes } = recorded();
    const log = batchedLines(stream);
    log.line('POST /v2/api_keys/verify 200 0.2ms');
    log.flush();
    stream.write('stopped\n');
    await nextTurn();
    await nextTurn();
    expect(writes.join('')).toBe('POST /v2/api_keys/verify 200 0.2ms\nstopped\n');
  });
});
