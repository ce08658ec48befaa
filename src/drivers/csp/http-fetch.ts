// The client's default transport: one HTTP(S) request over node:http with fetch's observable behaviour
// (redirects, gzip, errors with a `cause.code`, AbortSignal timeouts). Never logs or echoes a header, URL or body.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/** What the client sends: a method, headers, an optional JSON body and the signal that times it out. */
export interface HttpRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  readonly signal: AbortSignal;
}

/** What the client reads of an answer; a fetch Response is one, so `fetch` itself can be injected. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Redirects followed at most, as fetch does. */
const MAX_REDIRECTS = 20;
/** Time allowed to open the connection; nothing has been sent when it runs out. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Why not the global fetch: node loads its fetch implementation on first use, which costs ~20 MB resident
 * (measured with bench/plan); a `keyward plan` of 10,000 keys needs a dozen requests, not that.
 */
export async function httpFetch(url: string, init: HttpRequest): Promise<HttpAnswer> {
  let target = new URL(url);
  let method = init.method;
  let body = init.body;
  // The User-Agent and encodings fetch sent, so services (and the firewalls in front of them) see the same requests.
  const headers: Record<string, string> = { 'User-Agent': 'node', ...init.headers, 'Accept-Encoding': 'gzip, deflate' };
  for (let hop = 0; ; hop += 1) {
    const answer = await once(target, method, headers, body, init.signal);
    const location = answer.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(answer.status) || location === null || hop >= MAX_REDIRECTS) return answer;
    const next = new URL(location, target);
    // As fetch: 303 (and 301/302 after a POST) becomes a GET without a body; the key never follows to another origin.
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      delete headers['Content-Type'];
    }
    if (next.origin !== target.origin) delete headers.Authorization;
    target = next;
  }
}

function once(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req: ClientRequest = send(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    });
    const connectTimer = setTimeout(
      () => req.destroy(Object.assign(new Error('connect timeout'), { code: 'CONNECT_TIMEOUT' })),
      CONNECT_TIMEOUT_MS,
    );
    const fail = (err: unknown): void => {
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
      reject(err);
    };
    const onAbort = (): void => {
      req.destroy();
      fail(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (err) => {
      // The shape fetch rejects with, so callers read the failure the same way: a TypeError with the socket error as
      // cause.
      fail(new TypeError('fetch failed', { cause: err }));
    });
    req.on('response', (res: IncomingMessage) => {
      clearTimeout(connectTimer);
      // As fetch: the answer comes with the headers; the body is read (and may still fail or time out) in text().
      const text = (): Promise<string> =>
        readAll(decoded(res)).then(
          (read) => {
            signal.removeEventListener('abort', onAbort);
            return read;
          },
          (err: unknown) => {
            signal.removeEventListener('abort', onAbort);
            throw signal.aborted ? signal.reason : new TypeError('terminated', { cause: err });
          },
        );
      resolve({ status: res.statusCode ?? 0, headers: { get: (name) => headerValue(res, name) }, text });
    });
    req.end(body);
  });
}

/** The body as sent, or through the decompressor its Content-Encoding names; a failure of either ends the read. */
function decoded(res: IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : null;
  if (decoder === null) return res;
  res.once('error', (err) => decoder.destroy(err));
  return res.pipe(decoder);
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function headerValue(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
