// FlushLoop: the one way the key service writes collected entries now and then (last-used times, aggregated audit).
import { describe, expect, it } from 'vitest';
import { FlushLoop } from '../../../src/keyservice/service/flush-loop.js';
import { manualTimer } from '../support/harness.js';

/** Counters whose writes the test releases or fails one at a time. */
class Counters extends FlushLoop<string, number> {
  readonly written: Array<Record<string, number>> = [];
  readonly waiting: Array<{ release: () => void; fail: (err: Error) => void }> = [];

  add(key: string, n = 1): void {
    this.pending.set(key, (this.pending.get(key) ?? 0) + n);
  }

  unwritten(): Record<string, number> {
    return Object.fromEntries(this.pending);
  }

  protected write(batch: ReadonlyMap<string, number>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const copy = Object.fromEntries(batch);
      this.waiting.push({
        release: () => {
          this.written.push(copy);
          resolve();
        },
        fail: reject,
      });
    });
  }

  protected putBack(key: string, n: number): void {
    this.add(key, n);
  }
}

function counters() {
  const errors: unknown[] = [];
  const loop = new Counters((err) => errors.push(err));
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { loop, written: loop.written, waiting: loop.waiting, errors, add: loop.add.bind(loop), settle };
}

describe('FlushLoop', () => {
  it('writes nothing when nothing is pending', async () => {
    const { loop, waiting } = counters();
    await loop.flush();
    expect(waiting).toHaveLength(0);
  });

  it('takes everything pending into one write and starts afresh', async () => {
    const { loop, written, waiting, add, settle } = counters();
    add('a');
    add('a');
    add('b');
    const flushed = loop.flush();
    await settle();
    add('c');
    waiting.shift()?.release();
    await flushed;
    expect(written).toEqual([{ a: 2, b: 1 }]);
    expect(loop.unwritten()).toEqual({ c: 1 });
  });

  it('never overlaps flushes: the second waits for the first write to end', async () => {
    const { loop, written, waiting, add, settle } = counters();
    add('a');
    const first = loop.flush();
    await settle();
    add('b');
    const second = loop.flush();
    await settle();
    expect(waiting).toHaveLength(1);
    waiting.shift()?.release();
    await first;
    await settle();
    expect(waiting).toHaveLength(1);
    waiting.shift()?.release();
    await second;
    expect(written).toEqual([{ a: 1 }, { b: 1 }]);
  });

  it('puts a failed batch back, merged with what came since, reports the error, and writes it next time', async () => {
    const { loop, written, waiting, errors, add, settle } = counters();
    add('a', 2);
    const failed = loop.flush();
    await settle();
    add('a', 3);
    add('b');
    const failure = new Error('storage is down');
    waiting.shift()?.fail(failure);
    await failed;
    expect(errors).toEqual([failure]);
    expect(loop.unwritten()).toEqual({ a: 5, b: 1 });
    const retried = loop.flush();
    await settle();
    waiting.shift()?.release();
    await retried;
    expect(written).toEqual([{ a: 5, b: 1 }]);
  });

  it('flushes on every tick of its timer, and stop() ends the timer and writes what is left', async () => {
    const { loop, written, waiting, add, settle } = counters();
    const { timer, tick, intervals } = manualTimer();
    loop.start(timer, 250);
    expect(intervals).toEqual([250]);
    add('a');
    tick();
    await settle();
    waiting.shift()?.release();
    await settle();
    add('b');
    const stopped = loop.stop();
    await settle();
    waiting.shift()?.release();
    await stopped;
    add('c');
    tick();
    await settle();
    expect(waiting).toHaveLength(0);
    expect(written).toEqual([{ a: 1 }, { b: 1 }]);
  });
});
