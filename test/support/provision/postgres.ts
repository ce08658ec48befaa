// A throwaway PostgreSQL server for one test run: initdb into a temp directory, listen on loopback only, stop and
// delete it at teardown. Runs as an unprivileged account when root. Never touches a server it did not start.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBinaries, unprivilegedAccount, type RunAs } from './postgres-binaries.js';
import { ProvisionError } from './provision-error.js';

export interface TestPostgres {
  /** postgres://… on 127.0.0.1; tests create their own databases on it. */
  readonly url: string;
  /** One line for the log (no password). */
  readonly description: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Checks a server the caller named (KEYWARD_TEST_DATABASE_URL) answers, so a typo fails in one line, not 170 tests. */
export async function checkGivenServer(url: string): Promise<void> {
  const problem = await reachable(url);
  if (problem === undefined) return;
  const shown = (() => {
    try {
      const u = new URL(url);
      u.password = '';
      return u.toString();
    } catch {
      return 'the value given';
    }
  })();
  throw new ProvisionError(
    `KEYWARD_TEST_DATABASE_URL (${shown}) does not answer: ${problem.split('\n')[0]}; ` +
      'fix it or unset it and npm test starts its own PostgreSQL',
  );
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null)
      throw new ProvisionError(`PostgreSQL exited at start: ${log().trim().split('\n').pop() ?? ''}`);
    if ((await reachable(url)) === undefined) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ProvisionError(
    `PostgreSQL did not accept connections within 30 s: ${log().trim().split('\n').pop() ?? ''}`,
  );
}

function asAccount(account: RunAs | undefined): { uid?: number; gid?: number } {
  return account ? { uid: account.uid, gid: account.gid } : {};
}

/**
 * An initialised cluster to copy from, made once per binaries and account under the temp directory (initdb takes
 * seconds on a busy machine, a copy a fraction of one). Made in a side directory and renamed, so parallel runs agree.
 */
async function template(
  bin: string,
  origin: string,
  account: RunAs | undefined,
): Promise<{ data: string; password: string }> {
  const key = createHash('sha256')
    .update(`${bin}\0${account?.uid ?? ''}\0${process.getuid?.() ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  const dir = join(tmpdir(), `keyward-test-pg-template-${key}`);
  const read = async (): Promise<string | undefined> => readFile(join(dir, 'password'), 'utf8').catch(() => undefined);
  const existing = await read();
  if (existing !== undefined && existsSync(join(dir, 'data', 'PG_VERSION')))
    return { data: join(dir, 'data'), password: existing };
  const partial = await mkdtemp(`${dir}.partial-`);
  const password = randomBytes(18).toString('hex');
  await writeFile(join(partial, 'pw'), `${password}\n`, { mode: 0o600 });
  if (account) {
    await chown(partial, account.uid, account.gid);
    await chown(join(partial, 'pw'), account.uid, account.gid);
  }
  await chmod(partial, 0o700);
  const init = spawnSync(
    join(bin, 'initdb'),
    [
      '-D',
      join(partial, 'data'),
      '-U',
      'postgres',
      '--auth=scram-sha-256',
      `--pwfile=${join(partial, 'pw')}`,
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ],
    { encoding: 'utf8', cwd: partial, ...asAccount(account) },
  );
  await rm(join(partial, 'pw'), { force: true });
  if (init.status !== 0) {
    await rm(partial, { recursive: true, force: true });
    const why = `${init.stderr ?? ''}${init.error?.message ?? ''}`.trim().split('\n').pop() ?? '';
    throw new ProvisionError(`initdb (${origin}) failed: ${why}`);
  }
  await writeFile(join(partial, 'password'), password, { mode: 0o600 });
  await rename(partial, dir).catch(async () => rm(partial, { recursive: true, force: true }));
  const password2 = await read();
  if (password2 === undefined) throw new ProvisionError(`could not keep the PostgreSQL template in ${dir}`);
  return { data: join(dir, 'data'), password: password2 };
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const account = unprivilegedAccount();
  const binaries = await findPostgresBinaries(account);
  const source = await template(binaries.bin, binaries.origin, account);
  const dir = await mkdtemp(join(tmpdir(), 'keyward-test-pg-'));
  const data = join(dir, 'data');
  if (account) await chown(dir, account.uid, account.gid);
  await chmod(dir, 0o700);
  // cp -a as the server's account keeps the owner and the 0700 mode postgres insists on.
  const copy = spawnSync('cp', ['-a', source.data, data], { encoding: 'utf8', ...asAccount(account) });
  if (copy.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new ProvisionError(
      `could not copy the PostgreSQL template: ${(copy.stderr ?? '').trim().split('\n').pop() ?? ''}`,
    );
  }
  const password = source.password;
  const port = await freePort();
  let output = '';
  const child = spawn(
    join(binaries.bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...asAccount(account) },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // If the runner dies without teardown, the server must not outlive it.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  const as = account ? ` as ${account.name}` : '';
  return { url, description: `PostgreSQL from ${binaries.origin} on 127.0.0.1:${port}${as}`, stop };
}
