// DynamicValue codec: msgpack with cty's unknown extension, plain maps, JSON raw state.
import { describe, expect, it } from 'vitest';
import { createValueCodec } from '../../../src/terraform/values/dynamic-value.js';
import { isUnknown, isWhollyKnown, UNKNOWN, valuesEqual } from '../../../src/terraform/values/value.js';

describe('DynamicValue codec', () => {
  const codec = createValueCodec();

  it('encodes an unknown value as msgpack fixext1 type 0 (d4 00 00)', () => {
    expect(codec.encode(UNKNOWN).msgpack.toString('hex')).toBe('d40000');
  });

  it('round-trips objects with nulls, lists, numbers and nested unknowns as plain objects', () => {
    const value = { id: UNKNOWN, name: 'deploy', generation: 2, ratio: 0.5, groups: ['a', 'b'], block: null, ok: true };
    const decoded = codec.decode(codec.encode(value));
    expect(valuesEqual(decoded, value)).toBe(true);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(isWhollyKnown(decoded)).toBe(false);
  });

  it('reads refined unknowns (extension type 12) as unknown', () => {
    const refined = Buffer.from('d40c00', 'hex');
    // a map of one entry: "a" → an unknown refined as "not null" (what Terraform 1.6+ sends)
    const decoded = codec.decode({ msgpack: Buffer.concat([Buffer.from([0x81, 0xa1, 0x61]), refined]) });
    expect(
      decoded !== null && typeof decoded === 'object' && isUnknown((decoded as Record<string, unknown>)['a']),
    ).toBe(true);
  });

  it('reads JSON payloads (raw state) and treats an empty message as null', () => {
    expect(codec.decode({ json: Buffer.from('{"id":"k1","groups":["x"]}') })).toEqual({ id: 'k1', groups: ['x'] });
    expect(codec.decode({})).toBeNull();
    expect(codec.decode(undefined)).toBeNull();
  });

  it("keeps a raw-state field named __proto__ as data, never as the object's prototype", () => {
    const decoded = codec.decode({ json: Buffer.from('{"labels":{"__proto__":{"admin":true},"team":"x"}}') });
    const { labels } = decoded as { labels: Record<string, unknown> };
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.keys(labels)).toEqual(['__proto__', 'team']);
    expect(labels['admin']).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value).toEqual({ admin: true });
  });

  it('refuses a msgpack map key __proto__ with a decode error', () => {
    // {"__proto__": 1}: fixmap of one, fixstr of 9, then the positive fixint 1
    const payload = Buffer.concat([Buffer.from([0x81, 0xa9]), Buffer.from('__proto__'), Buffer.from([0x01])]);
    expect(() => codec.decode({ msgpack: payload })).toThrow(/__proto__/);
  });

  it('gives every encode its own bytes, though the encoder is reused', () => {
    const first = codec.encode({ name: 'deploy', generation: 1 }).msgpack;
    const copy = Buffer.from(first);
    const second = codec.encode({ name: 'other-key-with-a-longer-name', generation: 2 }).msgpack;
    expect(first.equals(copy)).toBe(true);
    expect(codec.decode({ msgpack: first })).toEqual({ name: 'deploy', generation: 1 });
    expect(codec.decode({ msgpack: second })).toEqual({ name: 'other-key-with-a-longer-name', generation: 2 });
  });
});
