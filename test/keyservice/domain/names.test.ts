// The name rule as a pure function: what it accepts, what it refuses, and that it never echoes the name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bidiControlIn, nameProblem } from '../../../src/keyservice/domain/names.js';

describe('name rule', () => {
  it('accepts printable ASCII and one-script names', () => {
    for (const name of ['deploy#2', 'a b', 'Zoë', 'Ελληνικά', '東京タワー', '서울 봇', 'שלום', 'مرحبا', 'кириллица'])
      expect(nameProblem(name)).toBeUndefined();
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
        (s) => nameProblem(s) === undefined,
      ),
      { seed: 21, numRuns: 1000 },
    );
  });

  it('refuses every format, control, separator or private character, wherever it sits', () => {
    const invisible = fc.constantFrom(
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\u061c',
      '\u00ad',
      '\u180e',
      '\u00a0',
      '\u3000',
      '\u2028',
      '\ue000',
      '\u0085',
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), invisible, fc.string({ maxLength: 10 }), (before, char, after) => {
        const problem = nameProblem(`${before}${char}${after}`);
        return problem !== undefined && !problem.includes(before.length > 3 ? before : '\u0000');
      }),
      { seed: 22, numRuns: 1000 },
    );
  });

  it('refuses mixed scripts and compatibility forms', () => {
    expect(nameProblem('p\u0430ypal')).toMatch(/^mixes scripts \(U\+0430/);
    expect(nameProblem('\u0440\u0430\u0443pal')).toMatch(/^mixes scripts \(U\+0070/);
    expect(nameProblem('ｐａｙ')).toMatch(/NFKC/);
    expect(nameProblem('ﬁle')).toMatch(/NFKC/);
  });

  it('finds bidi controls in free text', () => {
    expect(bidiControlIn('report\u202eexe.txt')).toBe('contains U+202E (a bidirectional control character, invisible)');
    expect(bidiControlIn('plain text\nwith lines')).toBeUndefined();
  });
});
