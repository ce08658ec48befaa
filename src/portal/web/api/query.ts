// Builds the list parameters of docs/api.md (`_filter`, `_order_by`, `_limit`, `_offset`) from what a page asks for.
// Pure and DOM-free (unit-tested); never builds a filter by pasting user text unquoted.

/** A filter string literal: single-quoted, with `\` and `'` escaped as the key service's tokenizer reads them. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A regular expression matching `text` literally and case-insensitively, written without inline flags (the service
 * checks patterns with JavaScript and runs them in PostgreSQL): each letter becomes `[aA]`.
 */
export function containsPattern(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper && lower.length === 1 && upper.length === 1) out += `[${lower}${upper}]`;
    else out += /[.*+?^${}()|[\]\\/-]/.test(ch) ? `\\${ch}` : ch;
  }
  return out;
}

/** The service refuses longer patterns; searches are cut to a length whose pattern fits. */
export const MAX_SEARCH_LENGTH = 60;

/** `(a ~ 'x' or b ~ 'x')` over `fields`, or '' for empty text. */
export function searchFilter(text: string, fields: readonly string[]): string {
  const trimmed = text.trim().slice(0, MAX_SEARCH_LENGTH);
  if (trimmed === '' || fields.length === 0) return '';
  const pattern = quote(containsPattern(trimmed));
  return `(${fields.map((f) => `${f} ~ ${pattern}`).join(' or ')})`;
}

/** `(f == 'a' or f == 'b')` for the chosen values of one field, or '' when none is chosen. */
export function anyOf(field: string, values: readonly string[]): string {
  if (values.length === 0) return '';
  return `(${values.map((v) => `${field} == ${quote(v)}`).join(' or ')})`;
}

/** Joins non-empty clauses with `and`. */
export function allOf(clauses: readonly string[]): string {
  return clauses.filter((c) => c !== '').join(' and ');
}

export interface ListRequest {
  readonly filter?: string;
  /** Field and direction pairs, first wins. */
  readonly orderBy?: ReadonlyArray<{ readonly field: string; readonly desc: boolean }>;
  readonly limit?: number;
  readonly offset?: number;
}

/** The query string (without `?`) for a list call. */
export function listParams(request: ListRequest): string {
  const params = new URLSearchParams();
  if (request.filter) params.set('_filter', request.filter);
  if (request.orderBy && request.orderBy.length > 0) {
    params.set('_order_by', request.orderBy.map((o) => `${o.field} ${o.desc ? 'desc' : 'asc'}`).join(','));
  }
  if (request.limit !== undefined) params.set('_limit', String(request.limit));
  if (request.offset !== undefined && request.offset > 0) params.set('_offset', String(request.offset));
  return params.toString();
}
