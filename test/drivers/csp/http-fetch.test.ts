// httpFetch, the CSP client's default transport, against real local HTTP servers: what fetch would observably do
// (status, headers, gzip bodies, redirects, errors with a cause code, aborts before and during the body).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { httpFetch } from '../../../src/drivers/csp/http-fetch.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly auth: string | undefined;
  readonly body: string;
}

const servers: Server[] = [];

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const init = (extra: Partial<{ method: string; body: string; signal: AbortSignal }> = {}) => ({
  method: extra.method ?? 'GET',
  headers: {
    Authorization: 'Token k',
    Accept: 'application/json',
    ...(extra.body === undefined ? {} : { 'Content-Type': 'application/json' }),
  },
  body: extra.body,
  signal: extra.signal ?? new AbortController().signal,
});

describe('httpFetch', () => {
  it('returns status, headers and body text, and sends method, headers and body', async () => {
    const agents: (string | undefined)[] = [];
    const s = await serve((req, res, body) => {
      agents.push(req.headers['user-agent']);
      res
        .writeHead(201, { 'Retry-After': '3', 'Content-Type': 'application/json' })
        .end(JSON.stringify({ echo: body }));
    });
    const answer = await httpFetch(`${s.url}/v2/users?_limit=2`, init({ method: 'POST', body: '{"name":"n"}' }));
    expect(answer.status).toBe(201);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.headers.get('Retry-After')).toBe('3');
    expect(answer.headers.get('x-missing')).toBeNull();
    expect(JSON.parse(await answer.text())).toEqual({ echo: '{"name":"n"}' });
    expect(s.seen).toEqual([{ method: 'POST', url: '/v2/users?_limit=2', auth: 'Token k', body: '{"name":"n"}' }]);
    expect(agents).toEqual(['node']);
  });

  it('decodes a gzip body', async () => {
    const s = await serve((_req, res) =>
      res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('{"results":[1,2,3]}')),
    );
    expect(await (await httpFetch(`${s.url}/v2/groups`, init())).text()).toBe('{"results":[1,2,3]}');
  });

  it('follows a 307 with method and body, a 303 as a GET, and never takes the key to another origin', async () => {
    const other = await serve((_req, res) => res.writeHead(200).end('{}'));
    const s = await serve((req, res) => {
      if (req.url === '/a') res.writeHead(307, { Location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(303, { Location: `${other.url}/c` }).end();
      else res.writeHead(500).end();
    });
    const answer = await httpFetch(`${s.url}/a`, init({ method: 'PATCH', body: '{"state":"disabled"}' }));
    expect(answer.status).toBe(200);
    expect(s.seen).toEqual([
      { method: 'PATCH', url: '/a', auth: 'Token k', body: '{"state":"disabled"}' },
      { method: 'PATCH', url: '/b', auth: 'Token k', body: '{"state":"disabled"}' },
    ]);
    expect(other.seen).toEqual([{ method: 'GET', url: '/c', auth: undefined, body: '' }]);
  });

  it('rejects like fetch, with the socket error as cause, when the connection is refused', async () => {
    const s = await serve(() => undefined);
    const closed = servers.pop() as Server;
    await new Promise((resolve) => closed.close(resolve));
    const err = await httpFetch(`${s.url}/v2/users`, init()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
  });

  it('rejects with the signal reason when aborted before the answer', async () => {
    const controller = new AbortController();
    const s = await serve(() =>
      controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    );
    const err = await httpFetch(`${s.url}/v2/users`, init({ signal: controller.signal })).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error).name).toBe('TimeoutError');
    expect(s.seen).toHaveLength(1);
  });

  it('fails text() with the signal reason when aborted while the body is still coming', async () => {
    const controller = new AbortController();
    const s = await serve((_req, res) => res.writeHead(200).write('{"results":['));
    const answer = await httpFetch(`${s.url}/v2/users`, init({ signal: controller.signal }));
    expect(answer.status).toBe(200);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const err = await answer.text().then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error).name).toBe('TimeoutError');
  });
});
