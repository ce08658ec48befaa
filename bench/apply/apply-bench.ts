// bench/apply: `keyward apply` creating 1,000 keys at parallelism 8 next to a hand-written loop that makes the same
// HTTP calls (list users, then POST /v2/api_keys with 8 workers), alternating, against one key service. Ratio only.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { median, startChild } from '../support/child-service.js';

const KEYS = Number(process.env.KEYWARD_BENCH_APPLY_KEYS ?? 1000);
const PARALLELISM = 8;
const KEYS_PER_USER = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const root = join(import.meta.dirname, '..', '..');

interface Ready {
  readonly url: string;
  readonly adminKey: string;
}

/** The key service in a child process, so its CPU is not the client's; `seed <prefix> <n>` adds service users. */
async function serve(): Promise<void> {
  const { startKeyService } = await import('../../src/keyservice/server.js');
  const { openPgliteDatabase } = await import('../../src/keyservice/storage/pglite-database.js');
  const adminKey = randomBytes(32).toString('hex');
  const database = await openPgliteDatabase('memory://');
  const service = await startKeyService({ bootstrapKey: adminKey, database });
  process.on('message', (m: { seed?: string; users?: number }) => {
    if (m.seed === undefined) return;
    void database
      .query(
        `INSERT INTO users (id, name, email, type, description, created_at, updated_at, created_by, updated_by)
         SELECT gen_random_uuid(), $1 || lpad(i::text, 4, '0'), NULL, 'service', '', now(), now(), 'bench', 'bench'
         FROM generate_series(0, $2 - 1) AS i`,
        [m.seed, m.users ?? 0],
      )
      .then(() => process.send?.({ seeded: m.seed }));
  });
  process.send?.({ url: service.url, adminKey } satisfies Ready);
  process.once('SIGTERM', () => void service.close().then(() => process.exit(0)));
}

function seed(child: ChildProcess, prefix: string, users: number): Promise<string[]> {
  return new Promise((resolve) => {
    const onMessage = (m: { seeded?: string }) => {
      if (m.seeded !== prefix) return;
      child.off('message', onMessage);
      resolve(Array.from({ length: users }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`));
    };
    child.on('message', onMessage);
    child.send({ seed: prefix, users });
  });
}

const expiresAt = (): string => new Date(Date.now() + 200 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');

/** The hand-written loop: one list of users, then the creates, 8 at a time. */
async function handLoop(ready: Ready, users: readonly string[]): Promise<number> {
  const headers = { authorization: `Token ${ready.adminKey}`, 'content-type': 'application/json' };
  const started = performance.now();
  const wanted = new Set(users);
  const ids = new Map<string, string>();
  for (let offset = 0; ; offset += 1000) {
    const page = await fetch(`${ready.url}/v2/users?_limit=1000&_offset=${offset}`, { headers });
    const body = (await page.json()) as { results: Array<{ id: string; name: string }> };
    for (const user of body.results) if (wanted.has(user.name)) ids.set(user.name, user.id);
    if (body.results.length < 1000) break;
  }
  const jobs = users.flatMap((user) => Array.from({ length: KEYS_PER_USER }, (_, k) => ({ user, name: `key-${k}` })));
  const expires = expiresAt();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
      const body = JSON.stringify({ name: job.name, user_id: ids.get(job.user), expires_at: expires });
      const created = await fetch(`${ready.url}/v2/api_keys`, { method: 'POST', headers, body });
      if (created.status !== 201 && created.status !== 200) throw new Error(`create answered ${created.status}`);
      await created.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: PARALLELISM }, worker));
  return (performance.now() - started) / 1000;
}

/** `keyward apply` from the compiled CLI, in this process, over a manifest declaring the same keys. */
async function keywardApply(ready: Ready, users: readonly string[], dir: string): Promise<number> {
  const { runCli } = (await import(join(root, 'lib/cli/program.js'))) as typeof import('../../src/cli/program.js');
  const expires = expiresAt();
  const manifest = {
    apiVersion: 'keyward.dev/v1',
    kind: 'ServiceUsers',
    metadata: { name: 'bench' },
    provider: { driver: 'keyward', url: ready.url },
    serviceUsers: users.map((name) => ({
      name,
      keys: Array.from({ length: KEYS_PER_USER }, (_, k) => ({ name: `key-${k}`, expiresAt: expires })),
    })),
  };
  const file = join(dir, `${users[0] ?? 'none'}.yaml`);
  await writeFile(file, stringify(manifest));
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const started = performance.now();
  const code = await runCli(['apply', file, '--auto-approve', '--parallelism', String(PARALLELISM)], {
    stdout: sink,
    stderr: sink,
    stdin: process.stdin,
    env: { PATH: process.env.PATH, KEYWARD_API_KEY: ready.adminKey, CI: 'true' },
    cwd: dir,
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`keyward apply exited ${code}:\n${chunks.join('').slice(-2000)}`);
  return seconds;
}

async function main(): Promise<void> {
  const service = await startChild<Ready>(import.meta.filename, 'serve');
  const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-apply-'));
  try {
    const usersPerRun = Math.ceil(KEYS / KEYS_PER_USER);
    const loops: number[] = [];
    const applies: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      loops.push(await handLoop(service.ready, await seed(service.child, `loop${round}-`, usersPerRun)));
      applies.push(await keywardApply(service.ready, await seed(service.child, `kw${round}-`, usersPerRun), dir));
    }
    const keys = usersPerRun * KEYS_PER_USER;
    console.log(
      `bench/apply: ${keys} key creates at parallelism ${PARALLELISM}, ${ROUNDS} alternating rounds, one key service`,
    );
    for (let i = 0; i < ROUNDS; i += 1) {
      const [loop, apply] = [loops[i] ?? NaN, applies[i] ?? NaN];
      console.log(
        `  round ${i + 1}: hand-written loop ${loop.toFixed(2)} s   keyward apply ${apply.toFixed(2)} s   ` +
          `ratio ${(apply / loop).toFixed(2)}`,
      );
    }
    const ratio = median(applies.map((a, i) => a / (loops[i] ?? NaN)));
    console.log(
      `  ratio keyward apply / hand-written loop = ${ratio.toFixed(2)} (median; target <= 1.3); ` +
        `load average ${loadavg()[0]?.toFixed(1) ?? '?'}`,
    );
  } finally {
    service.child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
