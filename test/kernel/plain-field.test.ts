// defineField: a field named like an Object.prototype member stays data on the one object it was written to.
import { describe, expect, it } from 'vitest';
import { defineField } from '../../src/kernel/plain-field.js';

describe('defineField', () => {
  it('writes __proto__ as an own enumerable field without changing the prototype', () => {
    const out: Record<string, unknown> = {};
    defineField(out, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(out['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('leaves the field writable and replaceable like an assignment would', () => {
    const out: Record<string, unknown> = { name: 'a' };
    defineField(out, 'name', 'b');
    out['name'] = 'c';
    expect(out).toEqual({ name: 'c' });
  });
});
