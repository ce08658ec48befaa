// A scripted local HTTP server speaking just enough of the CSP dialect for client and driver unit tests.
// It answers only calls a test announced (in order per method and path); verify() fails on unexpected or unused calls.
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

type Reply =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly raw?: string;
      readonly headers?: Record<string, string>;
    }
  | { readonly destroy: true }
  /** Never answers; the connection is closed by close(). */
  | { readonly hang: true };

interface Expectation {
  readonly method: string;
  readonly path: string;
  readonly reply: Reply;
}

export interface FakeCsp {
  readonly url: string;
  readonly requests: RecordedRequest[];
  expect(method: string, path: string, reply: Reply): FakeCsp;
  verify(): void;
  close(): Promise<void>;
}

export async function startFakeCsp(): Promise<FakeCsp> {
  const queue: Expectation[] = [];
  const requests: RecordedRequest[] = [];
  const unexpected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? '?';
      requests.push({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      });
      const index = queue.findIndex((q) => q.method === method && q.path === url.pathname);
      const next = queue[index];
      if (next === undefined) {
        unexpected.push(`${method} ${url.pathname}`);
        res.writeHead(418, { 'content-type': 'application/json' }).end('{"error":[{"message":"unexpected call"}]}');
        return;
      }
      queue.splice(index, 1);
      const reply = next.reply;
      if ('hang' in reply) return;
      if ('destroy' in reply) {
        req.socket.destroy();
        return;
      }
      const payload = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeCsp = {
    url: `http://127.0.0.1:${port}`,
    requests,
    expect(method, path, reply) {
      queue.push({ method, path, reply });
      return fake;
    },
    verify() {
      const problems = [
        ...unexpected.map((u) => `unexpected call ${u}`),
        ...queue.map((q) => `unused expectation ${q.method} ${q.path}`),
      ];
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** A URL on which nothing listens: a port that was free a moment ago. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
