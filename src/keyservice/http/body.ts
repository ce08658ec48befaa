// Reads a request body as JSON with a 1 MiB limit: 413 beyond it, 415 for a body that is not JSON, 400 for malformed
// JSON.
// Never echoes the body back in an error; it may hold a key. A client leaving mid-body is a client abort, not a fault.
import type { IncomingMessage } from 'node:http';
import { userError } from '../../kernel/errors.js';
import { clientGone } from '../storage/storage-errors.js';

const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const received = receivedJsonBody(req, limit);
  if (received !== undefined) return received.value;
  return parseJson(await readByEvents(req, limit), limit);
}

/**
 * The body parsed now when the HTTP parser has received all of it (the verify hot path: small bodies arrive with
 * their headers), else undefined and nothing is consumed. Throws the same 400/413 errors as readJsonBody.
 */
export function receivedJsonBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): { readonly value: unknown } | undefined {
  const length = req.headers['content-length'];
  const declared = Number(length ?? '0');
  if (declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  if (
    (declared > 0 || (length === undefined && req.headers['transfer-encoding'] !== undefined)) &&
    !isJson(req.headers['content-type'])
  ) {
    req.resume();
    throw userError('unsupported_media_type', 'request body: Content-Type must be application/json');
  }
  if (!req.complete) return undefined;
  // With the stream ended, read() returns everything buffered as one chunk (or null for an empty body).
  const chunk = req.read() as Buffer | null;
  return { value: parseJson(chunk === null ? [] : [chunk], limit) };
}

/** `application/json` or a `+json` type, any parameters (charset) allowed. */
function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType === 'application/json') return true;
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function parseJson(chunks: readonly Buffer[], limit: number): unknown {
  if (chunks.reduce((n, c) => n + c.length, 0) > limit) throw tooLarge(limit);
  const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
  if (text.length === 0 || text.trim() === '')
    throw userError('bad_request', 'request body: expected a JSON object, got an empty body');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // JSON.parse messages quote the input, which may hold a key: keep only the position.
    const position = err instanceof SyntaxError ? /position (\d+)/.exec(err.message)?.[1] : undefined;
    throw userError(
      'bad_request',
      `request body: malformed JSON${position === undefined ? '' : ` at position ${position}`}`,
    );
  }
}

function tooLarge(limit: number): Error {
  return userError('payload_too_large', `request body is larger than ${limit} bytes`);
}

/** Events rather than `for await`: async iteration costs a promise per chunk. */
function readByEvents(req: IncomingMessage, limit: number): Promise<Buffer[]> {
  return new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      received.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(received));
    req.once('error', (err) => reject(req.complete ? err : clientGone(err)));
    // A client that leaves mid-body: the promise would otherwise wait forever.
    req.once('close', () => {
      if (!req.complete) reject(clientGone());
    });
  });
}
