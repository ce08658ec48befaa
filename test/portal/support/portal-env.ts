// One portal under test: the built assets, a `keyward serve` child on PGlite or PostgreSQL, a browser, axe results.
// Never leaves a process, a database or a temp directory behind (close() undoes everything start() did).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildPortal } from '../../../src/portal/build.js';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../../keyservice/support/test-database.js';
import { launchChromium, screenshot, seriousViolations, type AxeViolation } from './browser.js';
import { freePort, startServe, type ServeProcess } from './serve-process.js';
import { tokenApi } from './token-api.js';

export type Backend = 'pglite' | 'postgres';
const ADMIN_KEY = 'a1b2c3d4'.repeat(8);

export function backends(): Backend[] {
  return testPostgresUrl() === undefined ? ['pglite'] : ['pglite', 'postgres'];
}

export interface PortalEnv {
  readonly browser: Browser;
  readonly url: () => string;
  readonly api: ReturnType<typeof tokenApi>;
  /** axe-core's serious/critical violations per checked page state. */
  readonly axe: Map<string, AxeViolation[]>;
  /** A new browser context (1280×800, clipboard allowed) whose console and errors are recorded. */
  context(): Promise<{ context: BrowserContext; page: Page; console: string[] }>;
  /** Screenshot plus axe-core for the page as it is now. */
  check(page: Page, name: string): Promise<void>;
  /** Stops and starts the server on the same port and storage (the browser keeps its origin and cookies). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startPortalEnv(
  backend: Backend,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<PortalEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-portal-'));
  const portalDir = await buildPortal(join(dir, 'portal'));
  const port = await freePort();
  const serverUrl = testPostgresUrl();
  const db: TestDatabase | undefined =
    backend === 'postgres' && serverUrl !== undefined ? await createTestDatabase(serverUrl) : undefined;
  const options = {
    port,
    portalDir,
    dataDir: join(dir, 'data'),
    databaseUrl: db?.url,
    bootstrapKey: ADMIN_KEY,
    cwd: dir,
    env: extraEnv,
  };
  let serve: ServeProcess = await startServe(options);
  const browser = await launchChromium();
  const axe = new Map<string, AxeViolation[]>();
  const url = () => serve.url;
  return {
    browser,
    url,
    api: tokenApi(url, ADMIN_KEY),
    axe,
    async context() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.url });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const console: string[] = [];
      page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
      return { context, page, console };
    },
    async check(page, name) {
      await screenshot(page, `${backend}-${name}`);
      const found = await seriousViolations(page);
      axe.set(name, found);
      expect(found, `axe-core on ${name}`).toEqual([]);
    },
    async restart() {
      await serve.stop();
      serve = await startServe(options);
    },
    async close() {
      await browser.close().catch(() => undefined);
      await serve.stop();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
