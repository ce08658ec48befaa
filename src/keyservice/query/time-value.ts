// Turns RFC 3339 text from a request (a body field, a filter value) into an instant both back ends can store.
// Uses the one strict parser (kernel/time/instant.ts); never parses dates itself, never reads the clock.
import { parseInstant } from '../../kernel/time/instant.js';

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: outside them toISOString is not text PostgreSQL reads back. */
const EARLIEST = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

/** The instant `text` names when it is a complete RFC 3339 date-time within years 1 to 9999 UTC, else null. */
export function parseStoredInstant(text: string): Date | null {
  const at = parseInstant(text);
  if (at === null) return null;
  const ms = at.getTime();
  return ms >= EARLIEST && ms <= LATEST ? at : null;
}
