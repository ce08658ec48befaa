// bench/plan/load-bench.ts: loadManifests alone over the plan bench's layout (one manifest per 10 service users of
// 10 keys each), in-process. Prints the load time per run and the heap after; KEYWARD_BENCH_USERS sets the size.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadManifests } from '../../src/core/manifest/load.js';
import { seededUserName } from '../support/seed-keys.js';

const USERS = Number(process.env.KEYWARD_BENCH_USERS ?? 1000);
const RUNS = Number(process.env.KEYWARD_BENCH_RUNS ?? 3);
const dir = await mkdtemp(join(tmpdir(), 'keyward-bench-load-'));
try {
  const expiresAt = new Date(Date.now() + 300 * 86_400_000).toISOString();
  await mkdir(join(dir, 'manifests'));
  for (let team = 0; team * 10 < USERS; team += 1) {
    const members = Array.from({ length: Math.min(10, USERS - team * 10) }, (_, i) => seededUserName(team * 10 + i, 4));
    const manifest = {
      apiVersion: 'keyward.dev/v1',
      kind: 'ServiceUsers',
      metadata: { name: `team-${team}` },
      provider: { driver: 'keyward' },
      serviceUsers: members.map((name) => ({
        name,
        keys: Array.from({ length: 10 }, (_, k) => ({ name: `key-${k}`, expiresAt })),
      })),
    };
    await writeFile(join(dir, 'manifests', `team-${team}.yaml`), stringify(manifest));
  }
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const loaded = await loadManifests(['manifests'], { env: {}, cwd: dir });
    const ms = performance.now() - started;
    if (!loaded.ok) throw new Error(`manifests did not load: ${loaded.problems[0]?.message}`);
    const heapMb = process.memoryUsage().heapUsed / 1048576;
    console.log(`load ${USERS * 10} keys in ${USERS / 10} files: ${ms.toFixed(0)} ms, heap ${heapMb.toFixed(0)} MB`);
  }
  console.log(`load average ${loadavg()[0]?.toFixed(1)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
