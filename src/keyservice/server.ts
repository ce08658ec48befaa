// Starts the key service in-process: storage (PGlite or PostgreSQL), migrations, bootstrap, HTTP on a port.
// Never reads the environment: callers (the CLI, tests) pass everything in; close() flushes last-used data.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { systemClock, type Clock } from '../kernel/clock.js';
import { userError } from '../kernel/errors.js';
import type { Database } from './storage/database.js';
import { openDatabase } from './storage/open-database.js';
import { migrate } from './storage/migrations.js';
import { loadPolicy, type KeyPolicy } from './domain/policy.js';
import { TtlCache } from './auth/ttl-cache.js';
import { ConnectionKeys } from './auth/connection-keys.js';
import { LastUsedBatcher } from './auth/last-used-batcher.js';
import { realTimer, type FlushTimer } from './service/flush-loop.js';
import {
  AuthFailureLimiter,
  checkAuthFailureLimit,
  DEFAULT_AUTH_FAILURE_LIMIT,
  type AuthFailureLimit,
} from './auth/failure-limiter.js';
import { AuditAggregator } from './service/audit-aggregator.js';
import type { KeyServiceContext } from './service/context.js';
import { bootstrap, type BootstrapResult } from './service/bootstrap.js';
import { allRoutes, createRequestListener } from './http/app.js';
import { healthCheck } from './http/health.js';
import { answerClientErrors } from './http/client-errors.js';
import {
  DEFAULT_CONNECTION_LIMITS,
  guardConnections,
  serverTimeouts,
  type ConnectionLimits,
} from './http/connection-guard.js';
import { QueryScopes } from './storage/query-scope.js';
import type { Route } from './http/router.js';
import { isWellFormedKey, redactKeys } from './domain/key-material.js';
import { startExpiryNotices, type NotificationScheduler, type NotificationSettings } from './notifications/index.js';
import { createPortalHooks, firstRunPasswordLink, type PortalSettings } from './sessions/index.js';
import type { Secret } from '../kernel/secret.js';

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
  /** The timer that writes aggregated failure rows once per failure-limit window (tests pass a manual one). */
  readonly failureAuditTimer?: FlushTimer;
  /** How long verify/auth may serve a cached key or user (default 1000 ms; 0 disables the cache). */
  readonly cacheTtlMs?: number;
  /**
   * Failed authentication allowed per source and window before 429 (default 20 per 60 000 ms); see
   * auth/failure-limiter.ts.
   */
  readonly authFailureLimit?: AuthFailureLimit;
  /**
   * How long a 429 of the failed-authentication limiter waits before it is sent (default 100 ms; 0 sends it at once):
   * a locked-out source's flood then holds its own connections instead of the CPU (bench/verify).
   */
  readonly refusalDelayMs?: number;
  /** Connections per source and in total, header/body time limits (defaults in http/connection-guard.ts). */
  readonly connectionLimits?: Partial<ConnectionLimits>;
  /** Every storage statement's time limit (default 15000 ms). */
  readonly statementTimeoutMs?: number;
  /** How long close() lets requests in progress finish before it closes their connections (default 2000 ms). */
  readonly closeGraceMs?: number;
  /** Base directory for a relative policy file path. */
  readonly cwd?: string;
  /** Extra routes (later modules such as notifications add theirs). */
  readonly routes?: (ctx: KeyServiceContext) => readonly Route[];
  /**
   * Expiry notices (in-app, plus SMTP/webhook when set); omitted = no scheduler. The CLI passes
   * notificationSettingsFromEnv(env).
   */
  readonly notifications?: NotificationSettings & { readonly autoStart?: boolean };
  /** Portal sign-in (sessions, passwords, SSO) and the built portal's directory (docs/portal-api.md). */
  readonly portal?: PortalSettings;
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
  /** On the start that bootstrapped an empty database: admin's one-time set-password link (show once, then drop). */
  readonly adminPasswordLink?: { readonly url: Secret; readonly expiresAt: Date };
  /** Writes pending last-used times now (one UPDATE). */
  flushLastUsed(): Promise<void>;
  /** Stops accepting requests, flushes last-used times, closes storage (unless it was passed in). */
  close(): Promise<void>;
}

/**
 * A listen failure the person running the service can fix (port taken, no permission, no such address) as a user error.
 */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const reasons: Readonly<Record<string, string>> = {
    EADDRINUSE: `port ${port} is already in use on ${host} (another keyward serve or another program listens there); stop it or choose another port (0 picks a free one)`,
    EACCES: `no permission to listen on port ${port}${port < 1024 ? ' (ports below 1024 need privileges)' : ''}; choose a port from 1024 up`,
    EADDRNOTAVAIL: `address ${host} does not belong to this machine; listen on 127.0.0.1, 0.0.0.0 or one of this machine's addresses`,
    ENOTFOUND: `host name ${host} cannot be resolved; give an address such as 127.0.0.1 or 0.0.0.0`,
  };
  const reason = err.code === undefined ? undefined : reasons[err.code];
  return reason === undefined
    ? err
    : userError('keyservice.listen', `cannot listen on ${where}: ${reason}`, {
        cause: err,
        details: { host, port, code: err.code },
      });
}

/** Answers requests that arrive while storage is still opening (the port is bound first). */
function starting(_req: IncomingMessage, res: ServerResponse): void {
  res
    .writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' })
    .end('{"error":[{"message":"the key service is starting"}]}');
}

export async function startKeyService(options: KeyServiceOptions = {}): Promise<KeyService> {
  const log = options.log ?? (() => undefined);
  const policy = typeof options.policy === 'object' ? options.policy : await loadPolicy(options.policy, options.cwd);
  // Checked again by bootstrap(); here so a malformed key fails before storage is created.
  if (options.bootstrapKey !== undefined && !isWellFormedKey(options.bootstrapKey)) {
    throw userError(
      'keyservice.bad-bootstrap-key',
      'KEYWARD_BOOTSTRAP_KEY must be 64 lowercase hex characters (e.g. openssl rand -hex 32)',
    );
  }
  // Bind the port before touching storage: a port in use must fail before a data directory is created or a
  // generated admin key is stored (it would be lost, never shown, leaving a database nobody can administer).
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits };
  const server = createServer(serverTimeouts(limits), starting);
  guardConnections(server, limits, log);
  answerClientErrors(server, log);
  const [port, host] = [options.port ?? 0, options.host ?? '127.0.0.1'];
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, host, port)));
    server.listen(port, host, () => resolve());
  });
  // Requests in progress get a short grace; then their connections are closed, so a stop never waits on a client.
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? 2000);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
  let db: Database | undefined = options.database;
  const ownsDb = options.database === undefined;
  let notices: NotificationScheduler | undefined;
  let lastUsed: LastUsedBatcher | undefined;
  let failureAudit: AuditAggregator | undefined;
  try {
    const scopes = new QueryScopes();
    db ??= await openDatabase({
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDir ?? 'memory://',
      statementTimeoutMs: options.statementTimeoutMs,
      scopes,
    });
    const database = db;
    await migrate(database);
    const ttl = options.cacheTtlMs ?? 1000;
    const failureLimit = checkAuthFailureLimit(options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT);
    const now = () => performance.now();
    const ctx: KeyServiceContext = {
      db: database,
      clock: options.clock ?? systemClock,
      policy,
      log,
      keyCache: new TtlCache(ttl, now),
      principalCache: new TtlCache(ttl, now),
      connectionKeys: new ConnectionKeys(),
      lastUsed: new LastUsedBatcher(database, (err) =>
        log(
          `writing last-used times failed (will retry): ${redactKeys(err instanceof Error ? err.message : String(err))}`,
        ),
      ),
      authFailures: new AuthFailureLimiter(failureLimit, options.clock ?? systemClock),
      failureAudit: new AuditAggregator(database, (err) =>
        log(
          `writing aggregated audit rows failed (will retry): ${redactKeys(err instanceof Error ? err.message : String(err))}`,
        ),
      ),
    };
    const boot = await bootstrap(ctx, options.bootstrapKey);
    lastUsed = ctx.lastUsed;
    failureAudit = ctx.failureAudit;
    // Aggregated failures are written once per limit window: one row per source (and target) per window.
    ctx.failureAudit.start(options.failureAuditTimer ?? realTimer, failureLimit.windowMs);
    ctx.lastUsed.start(options.flushTimer ?? realTimer, options.lastUsedFlushMs ?? 1000);
    notices =
      options.notifications &&
      startExpiryNotices({
        db: database,
        clock: ctx.clock,
        settings: options.notifications,
        log,
        autoStart: options.notifications.autoStart,
      });
    const address = server.address() as AddressInfo;
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const hooks = createPortalHooks(ctx, options.portal);
    // A link to 0.0.0.0 would not open anywhere: a server listening on every address is reached on loopback.
    const linkHost = /^(0\.0\.0\.0|\[::\])$/.test(urlHost) ? '127.0.0.1' : urlHost;
    const adminPasswordLink = boot.created
      ? await firstRunPasswordLink(hooks.portal, `http://${linkHost}:${address.port}`)
      : undefined;
    const routes = allRoutes(ctx, options.routes?.(ctx) ?? []);
    server.off('request', starting);
    const listening = {
      logging: options.log !== undefined,
      scopes,
      health: healthCheck(database),
      portal: hooks,
      refusalDelayMs: options.refusalDelayMs ?? 100,
    };
    server.on('request', createRequestListener(ctx, routes, listening));
    let closing: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${address.port}`,
      port: address.port,
      policy,
      bootstrap: boot,
      context: ctx,
      notifications: notices,
      adminPasswordLink,
      flushLastUsed: () => ctx.lastUsed.flush(),
      close: () =>
        (closing ??= (async () => {
          await stopListening();
          await ctx.lastUsed.stop();
          await ctx.failureAudit.stop();
          await notices?.stop();
          if (ownsDb) await database.close();
        })()),
    };
  } catch (err) {
    await stopListening();
    await lastUsed?.stop().catch(() => undefined);
    await failureAudit?.stop().catch(() => undefined);
    await notices?.stop().catch(() => undefined);
    if (ownsDb) await db?.close().catch(() => undefined);
    throw err;
  }
}
