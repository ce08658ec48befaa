// Keyset paging in the CSP client: a small keyed service that refuses offsets and checks every filter it is sent.
// The service here is a test double of keyward serve's list contract only; it never stands in for the real server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CspClient } from '../../../src/drivers/csp/client.js';
import { KeywardError } from '../../../src/kernel/errors.js';
import { KEYWARD_ENDPOINT } from '../../../src/drivers/keyward/driver.js';
import { INFOBLOX_ENDPOINT } from '../../../src/drivers/infoblox/driver.js';

const API_KEY = 'b'.repeat(64);
const ITEMS = ['k3', 'k1', 'k5', 'k2', 'k4'].map((id) => ({ id, type: id === 'k5' ? 'interactive' : 'service' }));

interface Keyed {
  readonly url: string;
  readonly queries: URLSearchParams[];
  /** When set, the service ignores `id>` and answers the first page again (a broken service). */
  ignoreAfter: boolean;
  close(): Promise<void>;
}

/** Answers GET /v2/api_keys by id order; 400 for `_offset`, any other order, or a filter it does not expect. */
async function startKeyed(): Promise<Keyed> {
  const queries: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://keyed').searchParams;
    queries.push(q);
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (q.has('_offset') || q.get('_order_by') !== 'id asc')
      return answer(400, { error: [{ message: 'keyset only' }] });
    const m = /^(?:\((.*)\) and )?id>"([a-z0-9]+)"$/.exec(q.get('_filter') ?? '');
    const filter = m === null ? q.get('_filter') : (m[1] ?? null);
    if (filter !== null && filter !== 'type=="service"')
      return answer(400, { error: [{ message: 'unexpected filter' }] });
    const after = m === null || keyed.ignoreAfter ? '' : (m[2] as string);
    const rows = ITEMS.filter((i) => (filter === null || i.type === 'service') && i.id > after).sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    answer(200, { results: rows.slice(0, Number(q.get('_limit'))) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const keyed: Keyed = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    ignoreAfter: false,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return keyed;
}

let keyed: Keyed;
beforeEach(async () => {
  keyed = await startKeyed();
});
afterEach(async () => keyed.close());

const client = (pageSize: number, keysetPaging = true) =>
  new CspClient({
    baseUrl: keyed.url,
    apiKey: API_KEY,
    pageSize,
    keysetPaging,
    sleep: async () => {},
    random: () => 0.5,
  });

describe('keyset paging', () => {
  it('pages by id after the last id of each page, with the caller filter kept, one request per page', async () => {
    const listed = await client(2).list('/v2/api_keys', { filter: 'type=="service"' });
    expect(listed.items.map((i) => (i as { id: string }).id)).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(listed.requests).toBe(3);
    expect(keyed.queries.map((q) => [q.get('_filter'), q.get('_limit'), q.get('_offset')])).toEqual([
      ['type=="service"', '2', null],
      ['(type=="service") and id>"k2"', '2', null],
      ['(type=="service") and id>"k4"', '2', null],
    ]);
  });

  it('pages with the id condition alone when the caller has no filter, numbering items across pages', async () => {
    const listed = await client(2).list('/v2/api_keys', {}, (raw, index) => `${index}:${(raw as { id: string }).id}`);
    expect(listed).toEqual({ items: ['0:k1', '1:k2', '2:k3', '3:k4', '4:k5'], requests: 3 });
    expect(keyed.queries.map((q) => q.get('_filter'))).toEqual([null, 'id>"k2"', 'id>"k4"']);
  });

  it('asks for one more page after a full last page, which comes back empty', async () => {
    const listed = await client(4).list('/v2/api_keys', { filter: 'type=="service"' });
    expect(listed.items).toHaveLength(4);
    expect(listed.requests).toBe(2);
    expect(keyed.queries[1]?.get('_filter')).toBe('(type=="service") and id>"k4"');
  });

  it('fails with a bad response, never loops, when the service ignores the id condition', async () => {
    keyed.ignoreAfter = true;
    const err = await client(2)
      .list('/v2/api_keys')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeywardError);
    expect((err as KeywardError).message).toContain('same page again');
    expect(keyed.queries).toHaveLength(2);
  });

  it('keeps _offset paging when the caller names an order or the endpoint does not page by key', async () => {
    await expect(client(2).list('/v2/api_keys', { orderBy: 'name asc' })).rejects.toThrow(KeywardError);
    expect(keyed.queries[0]?.get('_offset')).toBe('0');
    expect(keyed.queries[0]?.get('_order_by')).toBe('name asc');
    await expect(client(2, false).list('/v2/api_keys')).rejects.toThrow(KeywardError);
    expect(keyed.queries[1]?.get('_offset')).toBe('0');
    expect(keyed.queries[1]?.has('_order_by')).toBe(false);
  });

  it('is on for the keyward driver only', () => {
    expect(KEYWARD_ENDPOINT.keysetPaging).toBe(true);
    expect(INFOBLOX_ENDPOINT.keysetPaging ?? false).toBe(false);
  });
});
