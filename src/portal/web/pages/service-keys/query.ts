// The list call behind the key table: search, filters, sort and page become `_filter` / `_order_by` / `_limit` /
// `_offset` (server-side, so 10,000 keys cost one small page). Pure; never filters or sorts in the browser.
import { allOf, anyOf, quote, searchFilter, containsPattern, type ListRequest } from '../../api/query.js';

export interface KeyFilters {
  readonly search: string;
  readonly name: string;
  readonly states: readonly string[];
  readonly types: readonly string[];
}

export const NO_FILTERS: KeyFilters = { search: '', name: '', states: [], types: [] };

export interface KeySort {
  readonly field: string;
  readonly desc: boolean;
}

export const DEFAULT_SORT: KeySort = { field: 'created_at', desc: true };

const SEARCH_FIELDS = ['name', 'id', 'user_name', 'created_by'] as const;

export function keyListRequest(
  filters: KeyFilters,
  sort: KeySort,
  pageIndex: number,
  pageSize: number,
): ListRequest & { limit: number } {
  const name = filters.name.trim();
  return {
    filter: allOf([
      searchFilter(filters.search, SEARCH_FIELDS),
      name === '' ? '' : `name ~ ${quote(containsPattern(name.slice(0, 60)))}`,
      anyOf('state', filters.states),
      anyOf('type', filters.types),
    ]),
    orderBy: sort.field === 'created_at' ? [sort] : [sort, { field: 'created_at', desc: true }],
    limit: pageSize,
    offset: pageIndex * pageSize,
  };
}
