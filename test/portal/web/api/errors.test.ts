// Failed calls read as sentences: a 403 names the missing permission in words, nothing shows raw JSON or a stack.
import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorFor } from '../../../../src/portal/web/api/errors.js';

const body = (message: string, code = 'forbidden') => ({ error: [{ message, code }] });

describe('readable errors', () => {
  it('turns a 403 into "You are not allowed to do this: …" with the service\'s reason', () => {
    const err = errorFor(
      403,
      body('creating a service API key requires permission service_api_key.create (Service API Keys Create)'),
    );
    expect(err.message).toBe(
      'You are not allowed to do this: creating a service API key requires permission service_api_key.create' +
        ' (Service API Keys Create).',
    );
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('capitalizes and ends other service messages as sentences', () => {
    expect(
      errorFor(
        409,
        body(
          'the service user already holds the maximum of 10 service API keys (policy infoblox); delete one first',
          'conflict',
        ),
      ).message,
    ).toBe('The service user already holds the maximum of 10 service API keys (policy infoblox); delete one first.');
    expect(
      errorFor(
        400,
        body('this set-password link is not valid any more; ask an administrator for a new one.', 'bad_request'),
      ).message,
    ).toBe('This set-password link is not valid any more; ask an administrator for a new one.');
  });

  it('falls back to a fixed sentence for bodies without the error envelope (HTML, other JSON, nothing)', () => {
    for (const [status, answer] of [
      [403, undefined],
      [502, { detail: 'x' }],
      [500, '<html>'],
      [404, { error: [] }],
    ] as const) {
      const message = errorFor(status, answer).message;
      expect(message).toMatch(/^[A-Z].*\.$/);
      expect(message).not.toMatch(/[{}<>]/);
    }
    expect(errorFor(401, undefined).message).toBe('Your session has ended. Sign in again.');
  });

  it('describes a network failure without its internals', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toBe(
      'The key service could not be reached. Check your connection and try again.',
    );
    expect(
      describeError(new ApiError(429, 'too_many_requests', 'Too many failed sign-ins; try again in 15 minutes.')),
    ).toBe('Too many failed sign-ins; try again in 15 minutes.');
  });
});
