// Reads a request body as JSON with a 1 MiB limit: 413 beyond it, 400 for malformed JSON or a wrong content type.
// Never echoes the body back in an error; it may hold a key.
import type { IncomingMessage } from 'node:http';
import { userError } from '../../core/errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw userError('payload_too_large', `request body is larger than ${limit} bytes`);
  }
  // On the verify hot path the parser has usually received the whole body by now: take it without waiting.
  const chunks = req.complete ? readBuffered(req) : await readByEvents(req, limit);
  if (chunks.reduce((n, c) => n + c.length, 0) > limit) throw userError('payload_too_large', `request body is larger than ${limit} bytes`);
  const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
  if (text.length === 0 || text.trim() === '') throw userError('bad_request', 'request body: expected a JSON object, got an empty body');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // JSON.parse messages quote the input, which may hold a key: keep only the position.
    const position = err instanceof SyntaxError ? /position (\d+)/.exec(err.message)?.[1] : undefined;
    throw userError('bad_request', `request body: malformed JSON${position === undefined ? '' : ` at position ${position}`}`);
  }
}

function readBuffered(req: IncomingMessage): Buffer[] {
  const chunks: Buffer[] = [];
  for (let chunk = req.read() as Buffer | null; chunk !== null; chunk = req.read() as Buffer | null) chunks.push(chunk);
  return chunks;
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
        reject(userError('payload_too_large', `request body is larger than ${limit} bytes`));
        return;
      }
      received.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(received));
    req.once('error', reject);
  });
}
