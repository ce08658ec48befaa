// Writes the Infoblox-dialect envelopes: {"result"}, {"results"}, and {"error":[{"message","code"}]}.
// Never writes a stack trace or an internal error's message to a client.
import type { ServerResponse } from 'node:http';
import { isKeywardError, type KeywardError } from '../../kernel/errors.js';

const STATUS: Readonly<Record<string, number>> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

export function sendJsonText(res: ServerResponse, status: number, text: string): void {
  // A flat header array skips Node's per-call header object processing (this is on the verify hot path).
  // no-store on every answer: a create carries a new key, and no answer of the key service is for a cache.
  res.writeHead(status, [
    'content-type',
    'application/json',
    'content-length',
    String(Buffer.byteLength(text)),
    'cache-control',
    'no-store',
  ]);
  res.end(text);
}

/** An error answer rendered once: its header list and JSON text. */
interface Rendered {
  readonly headers: readonly string[];
  readonly text: string;
}

/**
 * The failed-authentication limiter's 429s, each rendered once: the limiter reuses one error object per second of wait,
 * so a refused flood costs no JSON or header work per request. The answer closes the connection (`connection: close`)
 * and is sent `delayMs` after the refusal: a locked-out source then waits on its own connections (at most the
 * per-source connection limit of them) instead of taking the CPU that answers everyone else.
 */
export class RenderedRefusals {
  readonly #byError = new WeakMap<object, Rendered>();
  constructor(private readonly delayMs: number) {}

  /** Sends the 429 for `err` (a too_many_requests error saying `retryAfterSeconds`), after the delay. */
  send(res: ServerResponse, err: KeywardError, retryAfterSeconds: number): void {
    let rendered = this.#byError.get(err);
    if (rendered === undefined) {
      const text = JSON.stringify({ error: [{ message: err.message, code: 'too_many_requests' }] });
      const headers = [
        ...['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text))],
        ...['cache-control', 'no-store', 'retry-after', String(retryAfterSeconds), 'connection', 'close'],
      ];
      this.#byError.set(err, (rendered = { headers, text }));
    }
    if (this.delayMs <= 0) writeRendered(res, rendered);
    else setTimeout(writeRendered, this.delayMs, res, rendered).unref();
  }
}

function writeRendered(res: ServerResponse, rendered: Rendered): void {
  // The client may have left, or the server closed its connection, while the answer waited.
  if (res.closed || res.headersSent) return;
  res.writeHead(429, rendered.headers as string[]);
  res.end(rendered.text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The status and public message for an error: user errors keep their message; storage that cannot answer is a 503
 * naming storage (its messages hold no connection detail); anything else is `internal`.
 */
export function errorResponse(err: unknown): { status: number; code: string; message: string } {
  if (isKeywardError(err) && (err.code === 'unavailable' || err.code === 'client_gone')) {
    return {
      status: 503,
      code: 'unavailable',
      message: err.code === 'unavailable' ? err.message : 'the request was abandoned',
    };
  }
  if (isKeywardError(err) && err.source === 'user') {
    const status = STATUS[err.code] ?? 400;
    return { status, code: STATUS[err.code] === undefined ? 'bad_request' : err.code, message: err.message };
  }
  return { status: 500, code: 'internal', message: 'internal error; the server log has details' };
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  retryAfterSeconds?: number,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(retryAfterSeconds));
  sendJson(res, status, { error: [{ message, code }] });
}
