// What callers may inject into any registered driver: events, time, randomness, transport and paging.
// Credentials are never options: they come from the environment only.
import type { Clock } from '../kernel/clock.js';
import type { EventSink } from '../kernel/events.js';
import type { ProviderConfig } from '../core/ports/key-driver.js';
import type { FetchLike } from './csp/client.js';
import type { DriverEnv } from './csp/endpoint.js';
import type { RetryPolicy } from '../kernel/retry.js';
import type { KeyDriver } from '../core/ports/key-driver.js';

export interface DriverOptions {
  /** Receives `driver.request.retry` warnings. */
  readonly sink?: EventSink;
  readonly clock?: Clock;
  /** List page size (`_limit`); defaults per driver (keyward 1000, infoblox 100). */
  readonly pageSize?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
  readonly fetch?: FetchLike;
  /** Waits between retries; tests pass one that returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
  /** Abandons the driver's work: a request in flight is aborted, a retry wait ends, no further request is sent. */
  readonly signal?: AbortSignal;
}

/**
 * Builds a driver from the manifest's provider block and the environment; throws a user error naming missing variables.
 */
export type DriverFactory = (config: ProviderConfig, env: DriverEnv, options?: DriverOptions) => KeyDriver;
