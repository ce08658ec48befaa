// Starts the key service in-process: storage (PGlite or PostgreSQL), migrations, bootstrap, HTTP on a port.
// Never reads the environment: callers (the CLI, tests) pass everything in; close() flushes last-used data.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../core/clock.js';
import type { Database } from './storage/database.js';
import { openDatabase } from './storage/open-database.js';
import { migrate } from './storage/migrations.js';
import { loadPolicy, type KeyPolicy } from './domain/policy.js';
import { TtlCache } from './auth/ttl-cache.js';
import { LastUsedBatcher, realTimer, type FlushTimer } from './auth/last-used-batcher.js';
import type { KeyServiceContext } from './service/context.js';
import { bootstrap, type BootstrapResult } from './service/bootstrap.js';
import { allRoutes, createRequestListener } from './http/app.js';
import type { Route } from './http/router.js';
import { redactKeys } from './domain/key-material.js';
import { startExpiryNotices, type NotificationScheduler, type NotificationSettings } from './notifications/index.js';

export interface KeyServiceOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** PGlite data directory; default `memory://` (nothing kept). The CLI passes `.keyward/data`. */
  readonly dataDir?: string;
  /** PostgreSQL connection string; when set, PGlite is not used. */
  readonly databaseUrl?: string;
  /** An already open database (tests wrap one to count statements); the caller closes it. */
  readonly database?: Database;
  /** `infoblox` (default), `constellix`, a YAML policy file path, or a policy object. */
  readonly policy?: string | KeyPolicy;
  readonly clock?: Clock;
  /** 64 lowercase hex characters; used only when the database is empty. */
  readonly bootstrapKey?: string;
  /** One line per request and per internal error; never holds a key. */
  readonly log?: (line: string) => void;
  /** How often last-used times are written (default 1000 ms). */
  readonly lastUsedFlushMs?: number;
  /** The timer that drives last-used flushes (tests pass a manual one). */
  readonly flushTimer?: FlushTimer;
  /** How long verify/auth may serve a cached key or user (default 1000 ms; 0 disables the cache). */
  readonly cacheTtlMs?: number;
  /** Base directory for a relative policy file path. */
  readonly cwd?: string;
  /** Extra routes (later modules such as notifications add theirs). */
  readonly routes?: (ctx: KeyServiceContext) => readonly Route[];
  /** Expiry notices (in-app, plus SMTP/webhook when set); omitted = no scheduler. The CLI passes notificationSettingsFromEnv(env). */
  readonly notifications?: NotificationSettings & { readonly autoStart?: boolean };
}

export interface KeyService {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly policy: KeyPolicy;
  readonly bootstrap: BootstrapResult;
  readonly context: KeyServiceContext;
  /** The expiry-notice scheduler when `notifications` was given (tests call runOnce with a fake clock's time). */
  readonly notifications?: NotificationScheduler;
  /** Writes pending last-used times now (one UPDATE). */
  flushLastUsed(): Promise<void>;
  /** Stops accepting requests, flushes last-used times, closes storage (unless it was passed in). */
  close(): Promise<void>;
}

export async function startKeyService(options: KeyServiceOptions = {}): Promise<KeyService> {
  const log = options.log ?? (() => undefined);
  const policy = typeof options.policy === 'object' ? options.policy : await loadPolicy(options.policy, options.cwd);
  const db = options.database ?? (await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir ?? 'memory://' }));
  const ownsDb = options.database === undefined;
  let notices: NotificationScheduler | undefined;
  try {
    await migrate(db);
    const ttl = options.cacheTtlMs ?? 1000;
    const now = () => performance.now();
    const ctx: KeyServiceContext = {
      db, clock: options.clock ?? systemClock, policy, log,
      keyCache: new TtlCache(ttl, now), principalCache: new TtlCache(ttl, now),
      lastUsed: new LastUsedBatcher(db, (err) => log(`writing last-used times failed (will retry): ${redactKeys(err instanceof Error ? err.message : String(err))}`)),
    };
    const boot = await bootstrap(ctx, options.bootstrapKey);
    ctx.lastUsed.start(options.flushTimer ?? realTimer, options.lastUsedFlushMs ?? 1000);
    notices = options.notifications && startExpiryNotices({ db, clock: ctx.clock, settings: options.notifications, log, autoStart: options.notifications.autoStart });
    const server = createServer({ keepAliveTimeout: 5000 }, createRequestListener(ctx, allRoutes(ctx, options.routes?.(ctx) ?? []), options.log !== undefined));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${address.port}`,
      port: address.port,
      policy,
      bootstrap: boot,
      context: ctx,
      notifications: notices,
      flushLastUsed: () => ctx.lastUsed.flush(),
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          });
          await ctx.lastUsed.stop();
          await notices?.stop();
          if (ownsDb) await db.close();
        })()),
    };
  } catch (err) {
    await notices?.stop().catch(() => undefined);
    if (ownsDb) await db.close().catch(() => undefined);
    throw err;
  }
}
