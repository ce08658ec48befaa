// The built portal served at `/` by the key service: content types, cache headers, the strict CSP, page routes
// answered by index.html, API paths left to the API, and no way out of the directory (raw request paths).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/harness.js';

/** A GET with the path sent exactly as written (fetch would normalise `..` and `%2e`). */
function rawGet(
  url: string,
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the portal assets at /', () => {
  let dir: string;
  let t: TestService;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyward-assets-'));
    const root = join(dir, 'portal');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(
      join(root, 'index.html'),
      '<!doctype html><title>keyward</title><script type="module" src="/assets/app-3F2A9C1D.js"></script>',
    );
    await writeFile(join(root, 'assets', 'app-3F2A9C1D.js'), 'console.log("portal")');
    await writeFile(join(root, 'assets', 'app-3F2A9C1D.css'), 'body{}');
    await writeFile(join(root, 'assets', 'settings.json'), '{}');
    await writeFile(join(root, 'favicon.svg'), '<svg/>');
    await writeFile(join(dir, 'secret.txt'), 'outside the portal directory');
    await symlink(join(dir, 'secret.txt'), join(root, 'escape.txt'));
    t = await startTestService('pglite', { portal: { assetsDir: root } });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves index.html at / and for the page's own routes, never cached, with the strict CSP", async () => {
    for (const path of ['/', '/sign-in', '/set-password', '/keys/service']) {
      const r = await rawGet(t.url, path);
      expect(r.status, path).toBe(200);
      expect(r.body).toContain('<title>keyward</title>');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
          "connect-src 'self'; " +
          "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves files with their content type; content-hashed names are immutable for a year', async () => {
    const js = await rawGet(t.url, '/assets/app-3F2A9C1D.js');
    expect([js.status, js.headers['content-type'], js.headers['cache-control']]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    expect(js.body).toBe('console.log("portal")');
    expect((await rawGet(t.url, '/assets/app-3F2A9C1D.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const json = await rawGet(t.url, '/assets/settings.json');
    expect([json.headers['content-type'], json.headers['cache-control']]).toEqual(['application/json', 'no-cache']);
    expect((await rawGet(t.url, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await rawGet(t.url, '/assets/missing-3F2A9C1D.js')).status).toBe(404);
  });

  it('leaves API paths to the API and /healthz alone', async () => {
    const api = await rawGet(t.url, '/v2/users');
    expect(api.status).toBe(401);
    expect(api.headers['content-type']).toBe('application/json');
    expect((await rawGet(t.url, '/healthz')).body).toBe('{"status":"ok"}');
    expect((await rawGet(t.url, '/auth/v1/nothing')).status).toBe(404);
  });

  it('never serves a file outside the directory or a directory listing', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/escape.txt',
      '/assets/',
      '/%00.js',
      '/assets%2fapp-3F2A9C1D.js',
    ]) {
      const r = await rawGet(t.url, path);
      expect(r.body, path).not.toContain('outside the portal directory');
      expect(r.status === 404 || (r.status === 200 && r.body.includes('<title>keyward</title>')), path).toBe(true);
    }
    expect((await rawGet(t.url, '/escape.txt')).status).toBe(404);
  });

  it('says how to build the portal when the directory does not exist', async () => {
    const missing = await startTestService('pglite', { portal: { assetsDir: join(dir, 'not-built') } });
    try {
      const r = await rawGet(missing.url, '/');
      expect(r.status).toBe(404);
      expect(r.body).toBe('the portal is not built: run npm run build\n');
    } finally {
      await missing.close();
    }
  });
});
