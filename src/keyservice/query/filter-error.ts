// Builds the 400 errors of the query layer so every message names its parameter and, for filters, a position.
// Never put user text in a message except through quoteUserText: filters may be hostile, huge or hold a key.

import { KeywardError, userError } from '../../kernel/errors.js';
import { quoteUserText } from './user-text.js';

/** `_filter: <message> at position N[; hint]`, code bad_request, `details.position` set (1-based). */
export function filterError(message: string, position: number, hint?: string): KeywardError {
  const text = `_filter: ${message} at position ${position}${hint === undefined ? '' : `; ${hint}`}`;
  return userError('bad_request', text, { details: { parameter: '_filter', position } });
}

/** A bad list option other than a filter position: `_limit must be ...`. */
export function optionError(parameter: string, message: string): KeywardError {
  return userError('bad_request', `${parameter} ${message}`, { details: { parameter } });
}

/** Quotes user text for a message (see quoteUserText): cut short, controls escaped, key-shaped runs removed. */
export const excerpt = quoteUserText;
