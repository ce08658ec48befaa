// Starts the key service in-process for HTTP tests (PGlite in memory, or a fresh PostgreSQL database) and calls it.
// Never talks to the service other than over HTTP, except to flush last-used times and move the fake clock.
import { FakeClock } from '../../support/fake-clock.js';
import { startKeyService, type KeyService, type KeyServiceOptions } from '../../../src/keyservice/server.js';
import type { FlushTimer } from '../../../src/keyservice/service/flush-loop.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from './test-database.js';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when KEYWARD_TEST_DATABASE_URL is set. */
export function backends(): Backend[] {
  return testPostgresUrl() === undefined ? ['pglite'] : ['pglite', 'postgres'];
}

export const ADMIN_KEY = '0123456789abcdef'.repeat(4);
export const T0 = '2026-01-01T00:00:00.000Z';
export const DAY = 86_400_000;
export const at = (days: number): string => new Date(Date.parse(T0) + days * DAY).toISOString();

export interface Wire {
  readonly [field: string]: unknown;
  readonly id: string;
  readonly name: string;
  readonly state?: string;
  readonly key?: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
  readonly result: Wire;
  readonly results: Wire[];
  /** The first error message, or '' when none. */
  readonly error: string;
  readonly code: string;
}

export interface CallOptions {
  readonly body?: unknown;
  /** Sent as-is instead of JSON.stringify(body). */
  readonly raw?: string | Buffer;
  /** The API key to authenticate with; default the admin key; null sends no Authorization header. */
  readonly key?: string | null;
  readonly headers?: Record<string, string>;
}

/** A manual timer: flushes happen only when a test calls tick(). */
export function manualTimer(): { timer: FlushTimer; tick(): void; intervals: number[] } {
  const fns: Array<() => void> = [];
  const intervals: number[] = [];
  return {
    timer: {
      every(ms, fn) {
        intervals.push(ms);
        fns.push(fn);
        return () => fns.splice(fns.indexOf(fn), 1);
      },
    },
    tick: () => fns.forEach((fn) => fn()),
    intervals,
  };
}

export interface TestService {
  readonly service: KeyService;
  readonly url: string;
  readonly clock: FakeClock;
  /** Every log line the server wrote. */
  readonly logs: string[];
  readonly adminKey: string;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function startTestService(
  backend: Backend,
  options: Partial<KeyServiceOptions> = {},
): Promise<TestService> {
  const clock = new FakeClock(T0);
  const logs: string[] = [];
  let testDb: TestDatabase | undefined;
  const serverUrl = testPostgresUrl();
  if (backend === 'postgres') {
    if (serverUrl === undefined) throw new Error('postgres backend needs KEYWARD_TEST_DATABASE_URL');
    testDb = await createTestDatabase(serverUrl);
  }
  const service = await startKeyService({
    clock,
    bootstrapKey: ADMIN_KEY,
    log: (line) => logs.push(line),
    flushTimer: manualTimer().timer,
    // Refusals answer at once here; auth/failure-limit.test.ts tests the delay of `keyward serve`'s default.
    refusalDelayMs: 0,
    ...(testDb ? { databaseUrl: testDb.url } : { dataDir: 'memory://' }),
    ...options,
  });
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...o.headers };
    const key = o.key === undefined ? ADMIN_KEY : o.key;
    if (key !== null) headers.authorization = `Token ${key}`;
    const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${service.url}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const record = (json ?? {}) as {
      result?: Wire;
      results?: Wire[];
      error?: Array<{ message: string; code: string }>;
    };
    return {
      status: response.status,
      text,
      json,
      result: record.result ?? ({} as Wire),
      results: record.results ?? [],
      error: record.error?.[0]?.message ?? '',
      code: record.error?.[0]?.code ?? '',
    };
  };
  return {
    service,
    url: service.url,
    clock,
    logs,
    adminKey: ADMIN_KEY,
    call,
    async close() {
      await service.close();
      await testDb?.drop();
    },
  };
}

/** Creates a service user and returns its id (prefixed). */
export async function serviceUser(t: TestService, name: string, key?: string): Promise<string> {
  const r = await t.call('POST', '/v2/users', { body: { name, type: 'service' }, key });
  if (r.status !== 201) throw new Error(`creating service user ${name}: ${r.status} ${r.error}`);
  return r.result.id;
}

/** Creates a service key and returns the created object (with `key`). */
export async function serviceKey(
  t: TestService,
  userId: string,
  name: string,
  expiresAt: string | null = at(30),
): Promise<Wire> {
  const r = await t.call('POST', '/v2/api_keys', { body: { name, user_id: userId, expires_at: expiresAt } });
  if (r.status !== 201) throw new Error(`creating service key ${name}: ${r.status} ${r.error}`);
  return r.result;
}
