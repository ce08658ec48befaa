// The error-code registry keeps one spelling: `<area>.<kebab>` for keyward's codes, snake_case for the key service's
// wire codes, and no code listed twice.
import { describe, expect, it } from 'vitest';
import { KEYWARD_ERROR_CODES, TEST_ERROR_CODES, WIRE_ERROR_CODES } from '../../src/kernel/error-codes.js';

const DOTTED_KEBAB = /^[a-z]+(\.[a-z]+(-[a-z]+)*)+$/;
const SNAKE = /^[a-z]+(_[a-z]+)*$/;

describe('error codes', () => {
  it('keyward codes are <area>.<kebab> (only `internal` stands alone)', () => {
    const bad = KEYWARD_ERROR_CODES.filter((c) => c !== 'internal' && !DOTTED_KEBAB.test(c));
    expect(bad).toEqual([]);
    expect(TEST_ERROR_CODES.filter((c) => !c.startsWith('test.') || !DOTTED_KEBAB.test(c))).toEqual([]);
  });

  it('wire codes are snake_case, as the Infoblox dialect writes them', () => {
    expect(WIRE_ERROR_CODES.filter((c) => !SNAKE.test(c))).toEqual([]);
  });

  it('no code is listed twice', () => {
    const all = [...KEYWARD_ERROR_CODES, ...WIRE_ERROR_CODES, ...TEST_ERROR_CODES];
    expect(all.length).toBe(new Set(all).size);
  });
});
