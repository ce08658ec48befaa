// Ties each storage query to the HTTP request it serves, so a query whose client hung up can be cancelled.
// Never holds request data: the scope is only the response's close signal, carried by AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What a query can be cancelled by: the response of its request (a ServerResponse has this shape). */
export interface CancelSource {
  /** True once the response has been sent completely: a close after that is not a client leaving. */
  readonly writableFinished: boolean;
  /** True once the underlying connection closed or the response ended. */
  readonly closed: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/** Whether the client behind `source` left before its answer was sent. */
export function clientLeft(source: CancelSource): boolean {
  return source.closed && !source.writableFinished;
}

/** One per server: the HTTP layer runs each request in a scope, the storage reads the scope of the running query. */
export class QueryScopes {
  readonly #store = new AsyncLocalStorage<CancelSource>();

  /** Runs fn with `source` as the scope of every query it starts (synchronously or later). */
  run<A extends unknown[]>(source: CancelSource, fn: (...args: A) => void, ...args: A): void {
    this.#store.run(source, fn, ...args);
  }

  current(): CancelSource | undefined {
    return this.#store.getStore();
  }
}
