// `keyward serve`: runs the key service on PGlite (--data) or PostgreSQL (DATABASE_URL) until SIGINT/SIGTERM.
// Prints a generated bootstrap key once, to stderr, and nothing else secret; shutdown flushes last-used times.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { userError } from '../../kernel/errors.js';
import type { RegisterCommand } from './index.js';

interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly data: string;
  readonly policy?: string;
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw userError('bad_option', `--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

/**
 * The PGlite directory must be creatable and writable: checked up front (without creating anything) so the failure
 * names --data rather than PGlite internals. Looks at the directory, or its nearest existing ancestor.
 */
async function checkDataDir(dir: string): Promise<void> {
  const fail = (why: string) => userError('serve.data-dir', `--data ${dir}: ${why}; choose a writable directory with --data, or set DATABASE_URL to use PostgreSQL`);
  for (let probe = dir; ; probe = dirname(probe)) {
    const info = await stat(probe).catch((err: NodeJS.ErrnoException) => err);
    if (info instanceof Error) {
      if (info.code === 'ENOTDIR') throw fail(`a parent of it is a file, not a directory (ENOTDIR)`);
      if (info.code !== 'ENOENT') throw fail(`it cannot be examined (${info.code ?? 'error'})`);
      if (dirname(probe) === probe) return;
      continue;
    }
    if (!info.isDirectory()) throw fail(probe === dir ? 'it is a file, not a directory' : `${probe} is a file, not a directory`);
    const writable = await access(probe, constants.W_OK | constants.X_OK).then(() => true, () => false);
    if (!writable) throw fail(probe === dir ? 'this user cannot write it (permission denied)' : `this user cannot create it in ${probe} (permission denied)`);
    return;
  }
}

const SERVE_HELP_AFTER = `
Environment:
  KEYWARD_BOOTSTRAP_KEY   key of user admin for an empty database (64 lowercase hex: openssl rand -hex 32);
                          unset, a key is generated and printed once to stderr
  DATABASE_URL            PostgreSQL connection string (instead of PGlite in --data)
  KEYWARD_SMTP_URL, KEYWARD_WEBHOOK_URL
                          where expiry notices go besides the in-app list
  KEYWARD_AUTH_FAILURE_LIMIT
                          failed authentications per source before 429, as <failures>/<seconds> (default 20/60)

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
    .option('--policy <policy>', 'key policy: infoblox, constellix, or a YAML policy file (default: infoblox)', undefined)
    .addHelpText('after', SERVE_HELP_AFTER)
    .action(async (options: ServeOptions) => {
      const databaseUrl = io.env.DATABASE_URL || undefined;
      const dataDir = resolve(io.cwd, options.data);
      const port = parsePort(options.port);
      if (databaseUrl === undefined) await checkDataDir(dataDir);
      // Loaded on use: the key service pulls in PGlite and pg, which reconciler commands never need.
      const { startKeyService } = await import('../../keyservice/server.js');
      const { notificationSettingsFromEnv } = await import('../../keyservice/notifications/config.js');
      const { parseAuthFailureLimit } = await import('../../keyservice/auth/failure-limiter.js');
      const service = await startKeyService({
        port,
        host: options.host,
        dataDir,
        databaseUrl,
        policy: options.policy,
        cwd: io.cwd,
        bootstrapKey: io.env.KEYWARD_BOOTSTRAP_KEY || undefined,
        authFailureLimit: parseAuthFailureLimit(io.env.KEYWARD_AUTH_FAILURE_LIMIT),
        log: (line) => io.stdout.write(`${line}\n`),
        // Expiry notices: in-app always; e-mail/webhook when KEYWARD_SMTP_URL / KEYWARD_WEBHOOK_URL are set.
        notifications: notificationSettingsFromEnv(io.env),
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
      const storage = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`;
      io.stdout.write(`keyward key service listening on ${service.url} (storage: ${storage}, policy: ${service.policy.name})\n`);
      await new Promise<void>((done) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) {
            io.stderr.write(`${signal} received again: exiting now without waiting for the stop to finish\n`);
            process.exit(signal === 'SIGINT' ? 130 : 143);
          }
          stopping = true;
          io.stdout.write(`${signal} received: flushing last-used times and stopping\n`);
          const deadline = setTimeout(() => {
            io.stderr.write(`Stopping took longer than ${STOP_DEADLINE_MS / 1000} s (storage not answering?); exiting now\n`);
            process.exit(1);
          }, STOP_DEADLINE_MS);
          deadline.unref();
          service.close().then(done, (err: unknown) => {
            io.stderr.write(`Error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
            done();
          }).finally(() => {
            clearTimeout(deadline);
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      io.stdout.write('stopped\n');
    });
};
