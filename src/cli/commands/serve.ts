// `keyward serve`: runs the key service on PGlite (--data) or PostgreSQL (DATABASE_URL) until SIGINT/SIGTERM.
// Prints a generated bootstrap key once, to stderr, and nothing else secret; shutdown flushes last-used times.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { userError } from '../../kernel/errors.js';
import { pgliteOnBaselineCompiler } from '../../keyservice/storage/pglite-compiler.js';
import { batchedLines } from '../line-log.js';
import type { RegisterCommand } from './index.js';

interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly data: string;
  readonly policy?: string;
  readonly publicUrl?: string;
  readonly secureCookies?: boolean;
  readonly trustProxy?: boolean;
  readonly portalDir?: string;
  readonly sessionIdleMinutes: string;
  readonly sessionMaxHours: string;
  readonly oidcIssuer?: string;
  readonly oidcClientId?: string;
  readonly oidcRedirectUri?: string;
}

/** The built portal of the package: <package>/dist/portal from src/cli/commands or lib/cli/commands alike. */
const DEFAULT_PORTAL_DIR = fileURLToPath(new URL('../../../dist/portal', import.meta.url));

function positive(flag: string, text: string, max: number): number {
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= max)) {
    throw userError('cli.bad-option', `${flag} must be a whole number from 1 to ${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

function absoluteUrl(flag: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw userError(
      'cli.bad-option',
      `${flag} must be an absolute http:// or https:// URL, got ${JSON.stringify(text)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw userError('cli.bad-option', `${flag} must start with http:// or https://`);
  }
  return url.href.replace(/\/$/, '');
}

/** SSO settings from flags and the environment (the secret only from KEYWARD_OIDC_CLIENT_SECRET); none when unset. */
function oidcSettings(options: ServeOptions, env: Readonly<Record<string, string | undefined>>) {
  const issuer = options.oidcIssuer ?? (env.KEYWARD_OIDC_ISSUER || undefined);
  if (issuer === undefined) return undefined;
  const clientId = options.oidcClientId ?? (env.KEYWARD_OIDC_CLIENT_ID || undefined);
  const clientSecret = env.KEYWARD_OIDC_CLIENT_SECRET || undefined;
  if (clientId === undefined || clientSecret === undefined) {
    throw userError(
      'cli.bad-option',
      'single sign-on needs --oidc-client-id (or KEYWARD_OIDC_CLIENT_ID) and KEYWARD_OIDC_CLIENT_SECRET ' +
        'with --oidc-issuer',
    );
  }
  const redirect = options.oidcRedirectUri ?? (env.KEYWARD_OIDC_REDIRECT_URI || undefined);
  return {
    issuer: absoluteUrl('--oidc-issuer', issuer),
    clientId,
    clientSecret,
    redirectUri: redirect === undefined ? undefined : absoluteUrl('--oidc-redirect-uri', redirect),
    name: env.KEYWARD_OIDC_NAME || undefined,
  };
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw userError('cli.bad-option', `--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

/**
 * The PGlite directory must be creatable and writable: checked up front (without creating anything) so the failure
 * names --data rather than PGlite internals. Looks at the directory, or its nearest existing ancestor.
 */
async function checkDataDir(dir: string): Promise<void> {
  const fail = (why: string) =>
    userError(
      'cli.serve-data-dir',
      `--data ${dir}: ${why}; choose a writable directory with --data, or set DATABASE_URL to use PostgreSQL`,
    );
  for (let probe = dir; ; probe = dirname(probe)) {
    const info = await stat(probe).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) {
      if (info.code === 'ENOTDIR') throw fail(`a parent of it is a file, not a directory (ENOTDIR)`);
      if (info.code !== 'ENOENT') throw fail(`it cannot be examined (${info.code ?? 'error'})`);
      if (dirname(probe) === probe) return;
      continue;
    }
    if (!info.isDirectory())
      throw fail(probe === dir ? 'it is a file, not a directory' : `${probe} is a file, not a directory`);
    const writable = await access(probe, constants.W_OK | constants.X_OK).then(
      () => true,
      () => false,
    );
    if (!writable)
      throw fail(
        probe === dir
          ? 'this user cannot write it (permission denied)'
          : `this user cannot create it in ${probe} (permission denied)`,
      );
    return;
  }
}

const SERVE_HELP_AFTER = `
Environment:
  KEYWARD_BOOTSTRAP_KEY   key of user admin for an empty database (64 lowercase hex: openssl rand -hex 32);
                          unset, a key is generated and printed once to stderr
  DATABASE_URL            PostgreSQL connection string (instead of PGlite in --data)
  KEYWARD_SMTP_URL, KEYWARD_WEBHOOK_URL
                          where expiry notices go besides the in-app list (set-password links are
                          e-mailed over KEYWARD_SMTP_URL too)
  KEYWARD_AUTH_FAILURE_LIMIT
                          failed authentications per source before 429, as <failures>/<seconds> (default 20/60)
  KEYWARD_PUBLIC_URL      same as --public-url
  KEYWARD_OIDC_ISSUER, KEYWARD_OIDC_CLIENT_ID, KEYWARD_OIDC_CLIENT_SECRET, KEYWARD_OIDC_REDIRECT_URI,
  KEYWARD_OIDC_NAME       OpenID Connect single sign-on for the portal (the secret only from the environment)

Portal: the built pages (npm run build) are served at /. On the first start of an empty database a one-time
set-password link for user admin is printed to stderr (valid 72 hours); see docs/portal-api.md.

Stops on Ctrl-C (SIGINT) or SIGTERM after writing pending last-used times: requests in progress get 2 s, the
whole stop at most 10 s; a second signal stops at once. One server per --data directory (a lock file names it).
`;

/** How long a stop may take before the process exits anyway (storage that no longer answers must not hold it). */
const STOP_DEADLINE_MS = 10_000;

export const registerServeCommand: RegisterCommand = (program, io) => {
  program
    .command('serve')
    .description('run the key service (PGlite in --data, or PostgreSQL when DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'PGlite data directory (ignored when DATABASE_URL is set)', '.keyward/data')
    .option(
      '--policy <policy>',
      'key policy: infoblox, constellix, or a YAML policy file (default: infoblox)',
      undefined,
    )
    .option('--public-url <url>', 'the URL people open the portal at (same-origin checks, links, SSO callback)')
    .option('--secure-cookies', 'mark session cookies Secure (implied by an https --public-url)')
    .option('--trust-proxy', 'count failed sign-ins by X-Forwarded-For (only behind a proxy that sets it)')
    .option('--portal-dir <dir>', 'directory of the built portal served at / (default: dist/portal of the package)')
    .option('--session-idle-minutes <n>', 'end a portal session after this many minutes without a request', '30')
    .option('--session-max-hours <n>', 'end a portal session this many hours after sign-in', '12')
    .option('--oidc-issuer <url>', 'OpenID Connect issuer for single sign-on (or KEYWARD_OIDC_ISSUER)')
    .option('--oidc-client-id <id>', 'OpenID Connect client id (or KEYWARD_OIDC_CLIENT_ID)')
    .option('--oidc-redirect-uri <url>', 'OpenID Connect redirect URI (default: <public url>/auth/v1/oidc/callback)')
    .addHelpText('after', SERVE_HELP_AFTER)
    .action(async (options: ServeOptions) => {
      const databaseUrl = io.env.DATABASE_URL || undefined;
      const dataDir = resolve(io.cwd, options.data);
      const port = parsePort(options.port);
      const publicUrlText = options.publicUrl ?? (io.env.KEYWARD_PUBLIC_URL || undefined);
      const portal = {
        publicUrl: publicUrlText === undefined ? undefined : absoluteUrl('--public-url', publicUrlText),
        secureCookies: options.secureCookies === true ? true : undefined,
        trustProxy: options.trustProxy === true,
        assetsDir: options.portalDir === undefined ? DEFAULT_PORTAL_DIR : resolve(io.cwd, options.portalDir),
        idleMs: positive('--session-idle-minutes', options.sessionIdleMinutes, 1440) * 60_000,
        maxMs: positive('--session-max-hours', options.sessionMaxHours, 720) * 3_600_000,
        oidc: oidcSettings(options, io.env),
      };
      if (databaseUrl === undefined) {
        await checkDataDir(dataDir);
        pgliteOnBaselineCompiler();
      }
      // Loaded on use: the key service pulls in PGlite and pg, which reconciler commands never need.
      const { startKeyService } = await import('../../keyservice/server.js');
      const { notificationSettingsFromEnv } = await import('../../keyservice/notifications/config.js');
      const notifications = notificationSettingsFromEnv(io.env);
      const { parseAuthFailureLimit } = await import('../../keyservice/auth/failure-limiter.js');
      const requestLog = batchedLines(io.stdout);
      const service = await startKeyService({
        port,
        host: options.host,
        dataDir,
        databaseUrl,
        policy: options.policy,
        cwd: io.cwd,
        bootstrapKey: io.env.KEYWARD_BOOTSTRAP_KEY || undefined,
        authFailureLimit: parseAuthFailureLimit(io.env.KEYWARD_AUTH_FAILURE_LIMIT),
        log: requestLog.line,
        // Expiry notices: in-app always; e-mail/webhook when KEYWARD_SMTP_URL / KEYWARD_WEBHOOK_URL are set.
        notifications,
        portal: {
          ...portal,
          smtp: notifications.smtpUrl === null ? null : { url: notifications.smtpUrl, from: notifications.smtpFrom },
        },
      });
      const generated = service.bootstrap.generatedKey;
      if (generated !== undefined) {
        io.stderr.write(
          'WARNING: the database was empty and KEYWARD_BOOTSTRAP_KEY was not set, so keyward generated the key of user admin.\n' +
            'It is shown this once and never stored; keep it now (e.g. in a password manager):\n' +
            `  ${generated.reveal()}\n`,
        );
      } else if (service.bootstrap.created) {
        io.stderr.write('Bootstrapped user admin (group Administrators) with the key from KEYWARD_BOOTSTRAP_KEY.\n');
      }
      const link = service.adminPasswordLink;
      if (link !== undefined) {
        io.stderr.write(
          'To sign in to the portal as admin, set a password with this one-time link ' +
            `(valid until ${link.expiresAt.toISOString()}):\n` +
            `  ${link.url.reveal()}\n`,
        );
      }
      const storage = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`;
      requestLog.flush();
      io.stdout.write(
        `keyward key service listening on ${service.url} (storage: ${storage}, policy: ${service.policy.name})\n`,
      );
      await new Promise<void>((done) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) {
            requestLog.flush();
            io.stderr.write(`${signal} received again: exiting now without waiting for the stop to finish\n`);
            process.exit(signal === 'SIGINT' ? 130 : 143);
          }
          stopping = true;
          requestLog.flush();
          io.stdout.write(`${signal} received: flushing last-used times and stopping\n`);
          const deadline = setTimeout(() => {
            requestLog.flush();
            io.stderr.write(
              `Stopping took longer than ${STOP_DEADLINE_MS / 1000} s (storage not answering?); exiting now\n`,
            );
            process.exit(1);
          }, STOP_DEADLINE_MS);
          deadline.unref();
          service
            .close()
            .then(done, (err: unknown) => {
              io.stderr.write(`Error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
              done();
            })
            .finally(() => {
              clearTimeout(deadline);
              process.off('SIGINT', stop);
              process.off('SIGTERM', stop);
            });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      requestLog.flush();
      io.stdout.write('stopped\n');
    });
};
