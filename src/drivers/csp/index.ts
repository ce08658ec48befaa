// The shared CSP-dialect implementation used by the keyward and infoblox drivers: client, filters, retry, wire mapping.
// Re-exports only.
export { CspClient } from './client.js';
export type { CspClientOptions, FetchLike, ListResult } from './client.js';
export type { ListQuery } from './paging.js';
export { httpFetch } from './http-fetch.js';
export type { HttpAnswer, HttpRequest } from './http-fetch.js';
export { CspKeyDriver } from './csp-driver.js';
export { resolveEndpoint } from './endpoint.js';
export type { DriverEnv, Endpoint, EndpointSpec } from './endpoint.js';
export { filterAnd, filterEq, filterNot, filterOr, filterTerm, quoteFilterValue } from './filter.js';
export type { FilterOp, FilterValue } from './filter.js';
export {
  GROUP_PREFIX,
  KEY_PREFIX,
  ROLE_PREFIX,
  USER_PREFIX,
  bareId,
  toRemoteGroup,
  toRemoteKey,
  toRemoteRole,
  toRemoteUser,
} from './wire.js';
