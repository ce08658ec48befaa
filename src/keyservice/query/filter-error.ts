// Builds the 400 errors of the query layer so every message names its parameter and, for filters, a position.
// Never put a value longer than a short excerpt in a message: filters may be hostile and huge.

import { KeywardError, userError } from '../../kernel/errors.js';

/** `_filter: <message> at position N[; hint]`, code bad_request, `details.position` set (1-based). */
export function filterError(message: string, position: number, hint?: string): KeywardError {
  const text = `_filter: ${message} at position ${position}${hint === undefined ? '' : `; ${hint}`}`;
  return userError('bad_request', text, { details: { parameter: '_filter', position } });
}

/** A bad list option other than a filter position: `_limit must be ...`. */
export function optionError(parameter: string, message: string): KeywardError {
  return userError('bad_request', `${parameter} ${message}`, { details: { parameter } });
}

/** Quotes user text for a message, cut short so a hostile input cannot flood logs. */
export function excerpt(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}...` : text;
  const visible = [...cut].map((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  });
  return `'${visible.join('')}'`;
}
