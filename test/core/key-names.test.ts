// Remote key names: generations and repair attempts parse back to what made them; anything else is a plain name.
import { describe, expect, it } from 'vitest';
import { parseRemoteKeyName, remoteKeyName } from '../../src/core/key-names.js';

describe('remote key names', () => {
  it.each([
    ['deploy', 1, 0],
    ['deploy#2', 2, 0],
    ['deploy#1.r1', 1, 1],
    ['deploy#2.r3', 2, 3],
    ['a#b#7.r12', 7, 12],
  ] as const)('%s is generation %i attempt %i and round-trips', (name, generation, attempt) => {
    const parsed = parseRemoteKeyName(name);
    expect(parsed).toMatchObject({ generation, attempt });
    expect(remoteKeyName(parsed.name, parsed.generation, parsed.attempt)).toBe(name);
  });

  it.each(['deploy#1', 'deploy#0', 'deploy#01', 'deploy#2.r0', 'deploy#2.r01', '#2', '#2.r1', 'deploy#2.r'])(
    '%s is not a generation: the whole string is the name',
    (name) => expect(parseRemoteKeyName(name)).toEqual({ name, generation: 1, attempt: 0 }),
  );
});
