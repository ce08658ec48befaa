// Bounds what clients can hold: open connections per source and in total, and how long headers and bodies may take.
// Never lets one source take every connection (so /healthz and other clients stay answerable); never logs request data.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { sourceOf } from '../auth/source.js';

export interface ConnectionLimits {
  /** Open connections one source (an IPv4 address or an IPv6 /64) may hold; more are answered 503 and closed. */
  readonly perSource: number;
  /** Open connections in all; keep it under the process's open-file limit. */
  readonly total: number;
  /** Time for a request's headers to arrive. */
  readonly headersTimeoutMs: number;
  /** Time for a whole request (headers and body) to arrive. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  perSource: 64,
  total: 900,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

/** The createServer options that enforce the time limits (checked every second, not Node's default 30). */
export function serverTimeouts(limits: ConnectionLimits): {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
}

const REFUSED = JSON.stringify({
  error: [
    { message: 'too many open connections from this source; close some and retry', code: 'too_many_connections' },
  ],
});
const REFUSED_RESPONSE =
  `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(REFUSED)}\r\n` +
  `retry-after: 1\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${REFUSED}`;

/** Counts connections per source on `server`; over a limit a connection gets a 503 and is closed at once. */
export function guardConnections(server: Server, limits: ConnectionLimits, log: (line: string) => void): void {
  const open = new Map<string, number>();
  let total = 0;
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const source = sourceOf(socket.remoteAddress);
    const mine = open.get(source) ?? 0;
    if (mine >= limits.perSource || total >= limits.total) {
      // One line for the first refusal and then one per thousand, so a flood cannot flood the log too.
      if (refused++ % 1000 === 0) {
        const which =
          mine >= limits.perSource
            ? `${mine} open from ${source} (limit ${limits.perSource})`
            : `${total} open in all (limit ${limits.total})`;
        log(`refusing connections: ${which}; ${refused} refused so far`);
      }
      socket.setTimeout(1000, () => socket.destroy());
      socket.end(REFUSED_RESPONSE);
      return;
    }
    open.set(source, mine + 1);
    total += 1;
    socket.once('close', () => {
      total -= 1;
      const left = (open.get(source) ?? 1) - 1;
      if (left === 0) open.delete(source);
      else open.set(source, left);
    });
  });
}
