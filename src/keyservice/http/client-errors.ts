// Answers what Node's HTTP parser refuses (malformed requests, oversized headers, slow requests) in the JSON envelope.
// Never echoes the bytes that were refused; logs a client's reset or timeout as what it is, not as an internal error.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { sourceOf } from '../auth/source.js';

const ANSWERS: Readonly<Record<string, readonly [number, string, string, string]>> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'headers_too_large',
    'the request headers are larger than allowed',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'request_timeout',
    'the request did not arrive in time (slow headers or body)',
  ],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'the request headers did not arrive in time'],
};
const MALFORMED: readonly [number, string, string, string] = [
  400,
  'Bad Request',
  'bad_request',
  'malformed HTTP request',
];

function raw(status: number, reason: string, code: string, message: string): string {
  const body = JSON.stringify({ error: [{ message, code }] });
  return (
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
    `cache-control: no-store\r\nconnection: close\r\n\r\n${body}`
  );
}

/** Installs the server's clientError handler. */
export function answerClientErrors(server: Server, log: (line: string) => void): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const source = sourceOf(socket.remoteAddress);
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || !socket.writable) {
      log(`client ${source} closed the connection mid-request`);
      socket.destroy();
      return;
    }
    const [status, reason, code, message] = ANSWERS[err.code ?? ''] ?? MALFORMED;
    log(`client error from ${source}: ${message} (${status})`);
    // Only before anything was written: once a response has begun, another one would corrupt it.
    if (socket.bytesWritten === 0) socket.end(raw(status, reason, code, message));
    socket.destroy();
  });
}
