// How a CSP list is paged: the query string of each page (by `_offset`, or by key: `id asc` and `id>"<last id>"`)
// and the id the next keyset page starts after. No I/O; the client sends the pages.
import type { CallRef } from './failures.js';
import { badResponse } from './failures.js';
import { isRecord } from './envelope.js';
import { filterTerm } from './filter.js';

export interface ListQuery {
  readonly filter?: string;
  readonly orderBy?: string;
}

/** Where a page starts: after the last id of the previous page (keyset; null for the first), or at an offset. */
export type PageStart = { readonly after: string | null } | { readonly offset: number };

/** The query string of one page of `query`, `pageSize` items long. */
export function pageParams(query: ListQuery, pageSize: number, start: PageStart): URLSearchParams {
  const params = new URLSearchParams();
  const keyset = 'after' in start;
  const filter = keyset && start.after !== null ? afterKey(query.filter, start.after) : query.filter;
  if (filter !== undefined) params.set('_filter', filter);
  if (keyset) params.set('_order_by', 'id asc');
  else if (query.orderBy !== undefined) params.set('_order_by', query.orderBy);
  params.set('_limit', String(pageSize));
  if (!keyset) params.set('_offset', String(start.offset));
  return params;
}

/** The caller's filter narrowed to ids after `after`: `(<filter>) and id>"<after>"`. */
function afterKey(filter: string | undefined, after: string): string {
  const term = filterTerm('id', '>', after);
  return filter === undefined ? term : `(${filter}) and ${term}`;
}

/** The last id of a full page; a page without one, or one that does not move on, would page forever. */
export function nextKey(call: CallRef, page: readonly unknown[], after: string | null): string {
  const last = page[page.length - 1];
  const id = isRecord(last) ? last.id : undefined;
  if (typeof id !== 'string' || id === '')
    throw badResponse(call, `results[${page.length - 1}] has no string id to page after`);
  if (id === after) throw badResponse(call, 'the service answered the same page again for a later id');
  return id;
}
