// Remembers, per client connection, the last key that matched its stored hash there (one for the Authorization header,
// one for the key a verify checks), so the same key sent again on that connection skips the SHA-256 and the parsing.
// Never outlives the connection, never holds a key that did not match, and never trusts a record the cache has dropped.
import type { ApiKeyRecord } from '../domain/types.js';
import type { Principal } from '../domain/permissions.js';

/** A key that matched `record.hash` on this connection. */
export interface MatchedKey {
  /** What was presented: the whole Authorization header value, or the verified key. */
  readonly presented: string;
  /** The key id (`record`'s cache key), kept so a repeat builds no new string to look it up. */
  readonly id: string;
  readonly record: ApiKeyRecord;
}

/** The caller behind a matched Authorization key, and the cached principal it was made from. */
export interface MatchedCaller extends MatchedKey {
  readonly base: Principal;
  readonly principal: Principal;
}

interface Remembered {
  caller?: MatchedCaller;
  verified?: MatchedKey;
}

/**
 * Whether two texts are equal, in a time that depends on their length only: the remembered text is a key, and a
 * connection may carry more than one client's requests (a proxy's pool), so a comparison must not tell how much of it
 * a guess got right.
 */
function sameText(remembered: string, presented: string): boolean {
  if (remembered.length !== presented.length) return false;
  let difference = 0;
  for (let i = 0; i < remembered.length; i++) difference |= remembered.charCodeAt(i) ^ presented.charCodeAt(i);
  return difference === 0;
}

/**
 * One per server. Keyed by the connection object (a socket) in a WeakMap, so a closed connection's keys go with it.
 * A key is a secret: it stays only as long as the connection that sent it, which holds it in its buffers anyway.
 */
export class ConnectionKeys {
  readonly #byConnection = new WeakMap<object, Remembered>();

  /** The caller remembered for `connection` when `header` is the same Authorization value, else undefined. */
  caller(connection: object, header: string): MatchedCaller | undefined {
    const caller = this.#byConnection.get(connection)?.caller;
    return caller !== undefined && sameText(caller.presented, header) ? caller : undefined;
  }

  /** The key remembered for `connection` when `key` is the same verified key, else undefined. */
  verified(connection: object, key: string): MatchedKey | undefined {
    const verified = this.#byConnection.get(connection)?.verified;
    return verified !== undefined && sameText(verified.presented, key) ? verified : undefined;
  }

  rememberCaller(connection: object, caller: MatchedCaller): void {
    this.#remembered(connection).caller = caller;
  }

  rememberVerified(connection: object, verified: MatchedKey): void {
    this.#remembered(connection).verified = verified;
  }

  #remembered(connection: object): Remembered {
    let remembered = this.#byConnection.get(connection);
    if (remembered === undefined) this.#byConnection.set(connection, (remembered = {}));
    return remembered;
  }
}
