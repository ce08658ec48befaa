// Checks request bodies field by field: types, unknown fields, names (<= 256, no control characters), dates, id lists.
// Every failure is a 400 naming the JSON path (`body.name`); user text reaches a message only through quoteUserText.
import { userError } from '../../kernel/errors.js';
import { hasControlOrBrokenText, parseStoredInstant, quoteUserText } from '../query/index.js';
import { type IdKind, parseId } from './ids.js';
import { bidiControlIn, nameProblem } from '../domain/names.js';

export type Body = Readonly<Record<string, unknown>>;
const MAX_NAME = 256;
const hasControl = hasControlOrBrokenText;

const bad = (path: string, message: string) => userError('bad_request', `body.${path}: ${message}`);

export function asObject(value: unknown): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw userError('bad_request', 'request body: expected a JSON object');
  return value as Body;
}

/** Refuses fields outside `allowed` (a typo must not be silently ignored). */
export function rejectUnknown(body: Body, allowed: readonly string[]): void {
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field)) {
      throw userError('bad_request', `body: unknown field ${quoteUserText(field)}; allowed: ${allowed.join(', ')}`);
    }
  }
}

export function has(body: Body, field: string): boolean {
  return Object.hasOwn(body, field);
}

/** A free-text string (descriptions): any length up to `max`, no control characters except tab/newline. */
export function text(body: Body, field: string, max = 4096): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(field, `expected a string, got ${typeName(value)}`);
  if (value.length > max) throw bad(field, `longer than ${max} characters`);
  if (hasControl(value, true)) throw bad(field, 'contains control characters');
  const bidi = bidiControlIn(value);
  if (bidi !== undefined) throw bad(field, bidi);
  return value;
}

/** A name: non-empty, at most 256 characters, no control characters, no surrounding whitespace. */
export function name(body: Body, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined) {
    if (required) throw bad(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') throw bad(field, `expected a string, got ${typeName(value)}`);
  if (value.length === 0) throw bad(field, 'must not be empty');
  if (value.length > MAX_NAME) throw bad(field, `longer than ${MAX_NAME} characters`);
  if (hasControl(value)) throw bad(field, 'contains control characters');
  if (value.trim() !== value) throw bad(field, 'has leading or trailing whitespace');
  // Invisible, look-alike and mixed-script characters: the rule is domain/names.ts (docs/api.md, "Names").
  const problem = nameProblem(value);
  if (problem !== undefined) throw bad(field, problem);
  return value;
}

export function oneOf<T extends string>(
  body: Body,
  field: string,
  values: readonly T[],
  required: boolean,
): T | undefined {
  const value = body[field];
  if (value === undefined) {
    if (required) throw bad(field, `is required (one of ${values.join(', ')})`);
    return undefined;
  }
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw bad(
      field,
      `must be one of ${values.join(', ')}, got ${typeof value === 'string' ? quoteUserText(value) : typeName(value)}`,
    );
  }
  return value as T;
}

export function bool(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw bad(field, `expected true or false, got ${typeName(value)}`);
  return value;
}

/** An RFC 3339 date-time with offset, or null when `nullable`; undefined when absent. */
export function dateTime(body: Body, field: string, nullable: boolean): Date | null | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === null && nullable) return null;
  const at = typeof value === 'string' ? parseStoredInstant(value) : null;
  if (at === null) {
    throw bad(
      field,
      `expected an RFC 3339 date-time with offset (e.g. 2026-01-01T00:00:00Z)${nullable ? ' or null' : ''}`,
    );
  }
  return at;
}

export function email(body: Body, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  const checked = name(body, field, true) as string;
  if (!/^[^@\s]+@[^@\s]+$/.test(checked)) throw bad(field, 'is not an e-mail address');
  return checked;
}

export function idList(body: Body, field: string, kind: IdKind): string[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw bad(field, `expected an array of ids, got ${typeName(value)}`);
  return value.map((item: unknown, i) => {
    if (typeof item !== 'string') throw bad(`${field}[${i}]`, `expected an id string, got ${typeName(item)}`);
    return parseId(kind, item, `body.${field}[${i}]`);
  });
}

export function stringList(body: Body, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw bad(field, `expected an array of strings, got ${typeName(value)}`);
  return value.map((item: unknown, i) => {
    if (typeof item !== 'string') throw bad(`${field}[${i}]`, `expected a string, got ${typeName(item)}`);
    return item;
  });
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
