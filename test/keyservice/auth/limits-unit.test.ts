// The failed-authentication limiter, the source of a request and the limit setting, as pure units (a fake clock).
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import {
  AuthFailureLimiter,
  parseAuthFailureLimit,
  tooManyFailures,
} from '../../../src/keyservice/auth/failure-limiter.js';
import { sourceOf } from '../../../src/keyservice/auth/source.js';

describe('failed-authentication limiter', () => {
  it('refuses a source after maxFailures in its window, until the window ends; other sources are untouched', () => {
    const clock = new FakeClock();
    const limiter = new AuthFailureLimiter({ maxFailures: 2, windowMs: 10_000 }, clock);
    expect(limiter.blockedFor('a')).toBe(0);
    limiter.fail('a');
    expect(limiter.blockedFor('a')).toBe(0);
    limiter.fail('a');
    expect(limiter.blockedFor('a')).toBe(10_000);
    expect(limiter.blockedFor('b')).toBe(0);
    clock.advance(7_500);
    expect(limiter.blockedFor('a')).toBe(2_500);
    clock.advance(2_500);
    expect(limiter.blockedFor('a')).toBe(0);
    limiter.fail('a');
    expect(limiter.blockedFor('a')).toBe(0);
  });

  it('answers 429 with whole seconds to wait, at least one', () => {
    expect(tooManyFailures(1).details).toEqual({ retryAfterSeconds: 1 });
    expect(tooManyFailures(59_001).details).toEqual({ retryAfterSeconds: 60 });
    expect(tooManyFailures(5_000).code).toBe('too_many_requests');
  });

  it('makes one refusal per whole second of wait and throws it again (no new stack per refused request)', () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 1, windowMs: 60_000 }, new FakeClock());
    const first = limiter.refusal(4_200);
    expect(limiter.refusal(4_900)).toBe(first);
    expect(first.details).toEqual({ retryAfterSeconds: 5 });
    expect(first.code).toBe('too_many_requests');
    expect(limiter.refusal(5_100).details).toEqual({ retryAfterSeconds: 6 });
    expect(limiter.refusal(1).details).toEqual({ retryAfterSeconds: 1 });
  });

  it('reads KEYWARD_AUTH_FAILURE_LIMIT as <failures>/<seconds> and refuses anything else clearly', () => {
    expect(parseAuthFailureLimit(undefined)).toBeUndefined();
    expect(parseAuthFailureLimit('')).toBeUndefined();
    expect(parseAuthFailureLimit('20/60')).toEqual({ maxFailures: 20, windowMs: 60_000 });
    expect(parseAuthFailureLimit(' 5 / 30s ')).toEqual({ maxFailures: 5, windowMs: 30_000 });
    for (const bad of ['20', '0/60', '20/0', 'x/60', '20/60m', '-1/60']) {
      expect(() => parseAuthFailureLimit(bad)).toThrow(/KEYWARD_AUTH_FAILURE_LIMIT|failed-authentication/);
    }
  });
});

describe('request source', () => {
  it('unwraps IPv4-mapped addresses, groups IPv6 per /64, names a missing address', () => {
    expect(sourceOf('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(sourceOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceOf(undefined)).toBe('unknown');
  });
});
