// The permission matrix's table format and helpers: expected status per caller, one row per endpoint and target.
// Never calls anything but the key service's HTTP API (through PrivilegeWorld).
import type { ApiResponse } from './harness.js';
import type { Caller, PrivilegeWorld } from './privilege-world.js';

/** Expected status per caller: admin, userManage, keyCreate, both, none, owner (interactive, no role). */
export type Row = readonly [
  admin: number,
  userManage: number,
  keyCreate: number,
  both: number,
  none: number,
  owner: number,
];

export interface Case {
  readonly call: string;
  readonly target: string;
  readonly expect: Row;
  run(w: PrivilegeWorld, caller: Caller, key: string, n: number): Promise<ApiResponse>;
}

export const ALL = (status: number): Row => [status, status, status, status, status, status];
export const ADMIN_ONLY = (status: number): Row => [status, 403, 403, 403, 403, 403];
export const call = (w: PrivilegeWorld, key: string, method: string, path: string, body?: unknown) =>
  w.t.call(method, path, { key, body });
