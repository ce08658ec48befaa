// The privilege rule as a pure function: a caller covers a target when it holds each of its permissions, or `*`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  covers,
  missingPermissions,
  privilegeError,
  requireCovers,
  unionOf,
} from '../../../src/keyservice/domain/privilege.js';

const PERMS = ['*', 'user.manage', 'service_api_key.create'];
const set = fc.subarray(PERMS).map((a) => new Set(a));

describe('privilege rule', () => {
  it('names what is missing', () => {
    expect(missingPermissions(new Set(['service_api_key.create']), ['*'])).toEqual(['*']);
    expect(missingPermissions(new Set(['service_api_key.create']), ['user.manage', 'service_api_key.create'])).toEqual([
      'user.manage',
    ]);
    expect(missingPermissions(new Set(['*']), ['*', 'user.manage'])).toEqual([]);
    expect(missingPermissions(new Set(), [])).toEqual([]);
  });

  it('All Access covers everything; nothing else covers All Access', () => {
    fc.assert(
      fc.property(set, (target) => covers(new Set(['*']), target)),
      { seed: 11, numRuns: 200 },
    );
    fc.assert(
      fc.property(set, (caller) => caller.has('*') || !covers(caller, ['*'])),
      { seed: 12, numRuns: 200 },
    );
  });

  it('covering is reflexive and transitive, and a union is covered only when each part is', () => {
    fc.assert(
      fc.property(set, set, set, (a, b, c) => {
        expect(covers(a, a)).toBe(true);
        if (covers(a, b) && covers(b, c)) expect(covers(a, c)).toBe(true);
        expect(covers(a, unionOf(b, c))).toBe(covers(a, b) && covers(a, c));
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it('says which permission, with its label, and whose', () => {
    const err = privilegeError('creating a service API key for user "x"', ['*'], 'that user holds');
    expect([err.code, err.source, err.message]).toEqual([
      'forbidden',
      'user',
      'creating a service API key for user "x" requires permission * (All Access), which that user holds; no caller may reach a permission it does not hold itself',
    ]);
    expect(() => requireCovers(new Set(), ['user.manage', 'service_api_key.create'], 'x', 'y')).toThrow(
      'requires permissions service_api_key.create (Service API Keys Create), user.manage (User Manage)',
    );
  });
});
