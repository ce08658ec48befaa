// The manifest schema's duration patterns accept exactly what the one duration grammar (src/kernel/time/duration.ts)
// reads, so an editor and the loader agree; the loader alone applies the ten-year cap the pattern cannot count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readManifestSchema } from '../../../src/core/manifest/index.js';
import { MAX_DURATION_MS, readDuration } from '../../../src/kernel/time/duration.js';

interface PatternDef {
  readonly anyOf: ReadonlyArray<{ readonly pattern?: string }>;
}

async function patterns(): Promise<{ duration: RegExp; lifetime: RegExp; shortDuration: RegExp }> {
  const schema = (await readManifestSchema()) as { $defs: Record<string, PatternDef> };
  const of = (name: string): RegExp => new RegExp(schema.$defs[name]?.anyOf[0]?.pattern ?? '(?!)', 'u');
  return { duration: of('duration'), lifetime: of('lifetime'), shortDuration: of('shortDuration') };
}

const part = fc.tuple(
  fc.oneof(fc.constantFrom('0', '1', '6', '12', '999999', '01', '1000000'), fc.nat({ max: 400 }).map(String)),
  fc.constantFrom('y', 'mo', 'w', 'd', 'h', 'min', 's', 'm', 'D', 'ms', ''),
);
const text = fc.oneof(
  fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => parts.map(([n, u]) => `${n}${u}`).join('')),
  fc.string({ maxLength: 8 }),
);

describe('schema duration patterns', () => {
  it('accept exactly the texts the duration grammar reads (up to the ten-year cap)', async () => {
    const { duration } = await patterns();
    fc.assert(
      fc.property(text, (t) => {
        const reading = readDuration(t);
        const grammarAccepts = reading.ok || reading.problem === 'is longer than ten years';
        expect(duration.test(t)).toBe(grammarAccepts);
      }),
      { numRuns: 2000 },
    );
  });

  it('lifetime accepts positive durations and never, refuses zero and 6m', async () => {
    const { lifetime } = await patterns();
    for (const ok of ['90d', '1w2d', '6mo', '36h', '90min', 'never', '0d12h']) expect(lifetime.test(ok)).toBe(true);
    for (const bad of ['0d', '0w0d', '6m', '2d1w', 'forever', '']) expect(lifetime.test(bad)).toBe(false);
    expect(readDuration('10y')).toEqual({ ok: true, ms: MAX_DURATION_MS });
  });

  it('timeouts (the exec store) use the same grammar: positive, and 2m refused', async () => {
    const { shortDuration } = await patterns();
    for (const ok of ['30s', '2min', '1min30s', '1h']) expect(shortDuration.test(ok)).toBe(true);
    for (const bad of ['2m', '500ms', '0s', '30']) expect(shortDuration.test(bad)).toBe(false);
  });
});
