// Bounded concurrency, and the documented list of event codes apply emits.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { APPLY_EVENT_CODES, APPLY_STEPS, mapLimit } from '../../../src/core/apply/index.js';

describe('limits and event codes', () => {
  it('mapLimit keeps input order, never exceeds the limit, and rethrows the first failure', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 4, 3, 2, 1], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 40, 30, 20, 10]);
    expect(peak).toBe(2);
    await expect(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
  });

  it('every event code in the engine source is in APPLY_EVENT_CODES', () => {
    const dir = join(import.meta.dirname, '../../../src/core/apply');
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'types.ts')
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const used = [...source.matchAll(/code: '([a-z.]+)'/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(APPLY_EVENT_CODES));
    const steps = [...source.matchAll(/step: '([a-z-]+)'/g)].map((m) => m[1]);
    expect(new Set(steps)).toEqual(new Set(APPLY_STEPS));
  });
});
