// HTTP client for the Infoblox CSP dialect (keyward serve, Infoblox portal): Token auth, JSON envelopes, paging,
// retries.
// Never puts the API key, a body or a query string into an error or event; never turns an outage into "absent".
import type { DriverOptions } from '../driver-options.js';
import type { Clock } from '../../kernel/clock.js';
import { systemClock } from '../../kernel/clock.js';
import type { EventSink } from '../../kernel/events.js';
import { nullSink } from '../../kernel/events.js';
import type { CallRef } from './failures.js';
import {
  badResponse,
  callName,
  forbidden,
  notFound,
  rateLimited,
  readServerError,
  rejected,
  unauthenticated,
  unavailable,
} from './failures.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy, type RetryVerdict } from '../../kernel/retry.js';
import { parseRetryAfterMs } from '../../kernel/retry-after.js';
import type { KeywardError } from '../../kernel/errors.js';
import { listItems, singleResult } from './envelope.js';
import { httpFetch, type HttpAnswer, type HttpRequest } from './http-fetch.js';
import { describeNetworkError, readBody } from './transport-failures.js';
import { nextKey, pageParams, type ListQuery } from './paging.js';

/**
 * The transport seam: the global `fetch` fits it; by default the client uses httpFetch (node:http, lighter to load).
 */
export type FetchLike = (url: string, init: HttpRequest) => Promise<HttpAnswer>;

/**
 * The seams every driver accepts (DriverOptions: transport, retry, paging, clock, events) plus where to call and with
 * what key.
 */
export interface CspClientOptions extends DriverOptions {
  /**
   * Base URL of the service (`https://csp.infoblox.com`, `http://127.0.0.1:8080`); paths like `/v2/users` are appended.
   */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Where the key comes from, named in 401 messages (`KEYWARD_API_KEY`). */
  readonly credentialHint?: string;
  /**
   * Page lists by key (`_order_by=id asc`, `id>"<last id>"` added to the filter) instead of `_offset`, so every page
   * costs the service one index range scan. Only for services whose `_filter` has `>` (EndpointSpec.keysetPaging).
   */
  readonly keysetPaging?: boolean;
}

export interface ListResult<T = unknown> {
  readonly items: readonly T[];
  /** HTTP requests this list made (pages, plus retries if any). */
  readonly requests: number;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly attempts: number;
}

export class CspClient {
  readonly pageSize: number;
  readonly keysetPaging: boolean;
  readonly #base: string;
  readonly #apiKey: string;
  readonly #hint: string;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #clock: Clock;
  readonly #sink: EventSink;
  readonly #signal: AbortSignal | undefined;
  #requests = 0;

  constructor(options: CspClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#hint = options.credentialHint ?? 'the API key';
    this.pageSize = options.pageSize ?? 1000;
    this.keysetPaging = options.keysetPaging ?? false;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1)
      throw new RangeError(`page size must be a positive integer, got ${this.pageSize}`);
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? httpFetch;
    this.#signal = options.signal;
    this.#sleep = options.sleep ?? ((ms) => abortableSleep(ms, options.signal));
    this.#random = options.random ?? Math.random;
    this.#clock = options.clock ?? systemClock;
    this.#sink = options.sink ?? nullSink;
  }

  /** HTTP requests sent by this client so far, retries included. */
  get requests(): number {
    return this.#requests;
  }

  /**
   * Every item of a list endpoint, page by page; a 404 here is an error, never "empty". Pages by key when the client
   * has keysetPaging and the caller asks for no order, else by `_limit`/`_offset`.
   * With `toItem`, each page is mapped as it arrives (index counts across pages), so raw wire objects die with their
   * page.
   */
  async list(path: string, query?: ListQuery): Promise<ListResult>;
  async list<T>(path: string, query: ListQuery, toItem: (raw: unknown, index: number) => T): Promise<ListResult<T>>;
  async list(
    path: string,
    query: ListQuery = {},
    toItem?: (raw: unknown, index: number) => unknown,
  ): Promise<ListResult> {
    const call = { method: 'GET', path };
    const keyset = this.keysetPaging && query.orderBy === undefined;
    const items: unknown[] = [];
    let requests = 0;
    let after: string | null = null;
    for (let offset = 0; ;) {
      const params = pageParams(query, this.pageSize, keyset ? { after } : { offset });
      const answer = await this.#send(call, params, undefined);
      requests += answer.attempts;
      if (answer.status === 404)
        throw notFound(call, this.#message(answer.body), 'no such list: is the URL a key service?');
      const page = listItems(call, answer.body);
      // A service that ignores _limit/_offset would otherwise be paged forever.
      if (page.length > this.pageSize) throw badResponse(call, `${page.length} items for _limit=${this.pageSize}`);
      if (toItem === undefined) items.push(...page);
      else for (const [i, raw] of page.entries()) items.push(toItem(raw, offset + i));
      if (page.length < this.pageSize) return { items, requests };
      offset += page.length;
      if (keyset) after = nextKey(call, page, after);
    }
  }

  /** One object, or null when the service answers 404 (absent). */
  async get(path: string): Promise<Record<string, unknown> | null> {
    const call = { method: 'GET', path };
    const answer = await this.#send(call, undefined, undefined);
    return answer.status === 404 ? null : singleResult(call, answer.body);
  }

  /** POST; a 404 is an error (the collection must exist). */
  async create(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const call = { method: 'POST', path };
    const answer = await this.#send(call, undefined, body);
    if (answer.status === 404) throw notFound(call, this.#message(answer.body), 'not found');
    return singleResult(call, answer.body);
  }

  /** PATCH; null when the object is absent (404). */
  async update(path: string, body: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    const call = { method: 'PATCH', path };
    const answer = await this.#send(call, undefined, body);
    return answer.status === 404 ? null : singleResult(call, answer.body);
  }

  /** DELETE; false when it was already gone (404). */
  async remove(path: string): Promise<boolean> {
    const answer = await this.#send({ method: 'DELETE', path }, undefined, undefined);
    return answer.status !== 404;
  }

  #message(body: unknown): string | null {
    return readServerError(body, this.#apiKey).message;
  }

  /** One call with retries (kernel/retry.ts): returns 2xx and 404 answers, throws for everything else. */
  async #send(
    call: CallRef,
    params: URLSearchParams | undefined,
    body: Record<string, unknown> | undefined,
  ): Promise<Answer> {
    const url = `${this.#base}${call.path}${params === undefined ? '' : `?${params.toString()}`}`;
    const headers: Record<string, string> = { Authorization: `Token ${this.#apiKey}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    try {
      return await withRetry((attempt) => this.#attempt(call, url, { headers, payload }, attempt), {
        classify: (err) => (err instanceof Transient ? err.verdict : { retry: false }),
        policy: this.#retry,
        sleep: this.#sleep,
        random: this.#random,
        onRetry: ({ attempt, delayMs, error }) => this.#retrying(call, attempt, error, delayMs),
      });
    } catch (err) {
      throw err instanceof Transient ? err.final : err;
    }
  }

  /** One HTTP exchange. A failure worth retrying is a Transient carrying the error to throw if it is the last. */
  async #attempt(
    call: CallRef,
    url: string,
    request: { headers: Record<string, string>; payload: string | undefined },
    attempt: number,
  ): Promise<Answer> {
    const idempotent = call.method !== 'POST';
    const last = attempt >= this.#retry.attempts;
    this.#signal?.throwIfAborted();
    this.#requests += 1;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let response: HttpAnswer;
    try {
      response = await this.#fetch(url, {
        method: call.method,
        headers: request.headers,
        body: request.payload,
        signal: this.#signal === undefined ? timeout : AbortSignal.any([timeout, this.#signal]),
      });
    } catch (err) {
      this.#signal?.throwIfAborted();
      const { what, sent, permanent } = describeNetworkError(err);
      // A connection that could not be made names the base URL tried (it holds no credentials: endpoint.ts refuses
      // them).
      // A host name that does not resolve, or a TLS handshake refused, will not heal by waiting: fail at once.
      // A create that may have reached the server is never sent again: a second key would be made.
      const failure = unavailable(call, sent ? what : `${what} at ${this.#base}`, attempt, !idempotent && sent);
      if (permanent || (!idempotent && sent)) throw failure;
      throw new Transient(failure, what, { retry: true });
    }
    const parsed = await readBody(response);
    const status = response.status;
    if (status >= 200 && status < 300) {
      if (!parsed.ok) throw badResponse(call, `${status} with a body that is not JSON`);
      return { status, body: parsed.value, attempts: attempt };
    }
    const server = readServerError(parsed.value, this.#apiKey);
    if (status === 404) return { status, body: parsed.value, attempts: attempt };
    if (status === 401) throw unauthenticated(call, server.message, this.#hint);
    if (status === 403) throw forbidden(call, server.message);
    const asked = parseRetryAfterMs(response.headers.get('retry-after'), this.#clock.now()) ?? undefined;
    if (asked !== undefined && asked > this.#retry.maxRetryAfterMs) {
      const wait =
        `the service asked to wait ${Math.ceil(asked / 1000)} s, more than the ` +
        `${Math.ceil(this.#retry.maxRetryAfterMs / 1000)} s allowed`;
      throw status === 429 ? rateLimited(call, wait) : unavailable(call, `${status}; ${wait}`, attempt, false);
    }
    const verdict: RetryVerdict = asked === undefined ? { retry: true } : { retry: true, afterMs: asked };
    if (status === 429)
      throw new Transient(rateLimited(call, `still limited after ${attempt} attempts`), '429', verdict);
    if (status >= 500) {
      const what = `${status}${server.message === null ? '' : ` ${server.message}`}`;
      // A create may have happened behind a 500/502/504; only 503 says it did not. Never retry a create blindly.
      const retriable = idempotent || status === 503;
      if (!retriable) throw unavailable(call, what, attempt, true);
      throw new Transient(unavailable(call, what, attempt, false), String(status), last ? { retry: false } : verdict);
    }
    throw rejected(call, status, server.message);
  }

  #retrying(call: CallRef, attempt: number, error: unknown, delayMs: number): void {
    const reason = error instanceof Transient ? error.reason : 'error';
    this.#sink({
      code: 'driver.request.retry',
      level: 'warn',
      message:
        `${callName(call)}: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s ` +
        `(attempt ${attempt + 1} of ${this.#retry.attempts})`,
      data: { method: call.method, path: call.path, reason, attempt, delayMs },
    });
  }
}

/** A failure the retry loop may try again; `final` is what the caller sees when it may not. */
class Transient extends Error {
  constructor(
    readonly final: KeywardError,
    readonly reason: string,
    readonly verdict: RetryVerdict,
  ) {
    super(final.message);
  }
}

/** setTimeout as a promise that also ends when `signal` aborts, so an abandoned client keeps no timer alive. */
function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
