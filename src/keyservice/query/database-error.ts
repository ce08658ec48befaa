// Turns the few database errors a user's filter can cause into a 400, so they never surface as a 500.
// Never maps anything else: an unrecognised database error stays the caller's internal error.

import { type KeywardError, userError } from '../../kernel/errors.js';

/** PostgreSQL SQLSTATE for invalid_regular_expression (a `~` pattern JS accepted but PostgreSQL refuses). */
const INVALID_REGULAR_EXPRESSION = '2201B';

/** A bad_request error when `err` (from pg or PGlite) is one a filter caused; otherwise undefined. */
export function queryErrorFromDatabase(err: unknown): KeywardError | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err) || err.code !== INVALID_REGULAR_EXPRESSION)
    return undefined;
  const reason = 'message' in err && typeof err.message === 'string' ? `: ${err.message.slice(0, 200)}` : '';
  return userError('bad_request', `_filter: PostgreSQL refused the regular expression${reason}`, {
    cause: err,
    details: { parameter: '_filter' },
  });
}
