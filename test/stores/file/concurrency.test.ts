// Concurrent writers never lose each other's secrets: one instance (queue), two instances and child processes (lock
// file).
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/kernel/secret.js';
import { createFileStore, type FileStore } from '../../../src/stores/file/index.js';
import { realSleep } from '../../../src/kernel/retry.js';
import { recordingSleep } from '../../support/recording-sleep.js';
import { contractKey, expectStoreError } from '../../contract/store-contract.js';
import { makeFileHarness, type FileHarness } from './file-harness.js';

let h: FileHarness;
beforeEach(async () => {
  h = await makeFileHarness();
});
afterEach(async () => h.cleanup());

const ref = (name: string) => ({ store: 'local', name });
const meta = (i: number) => ({ keyId: String(i).padStart(32, 'c'), serviceUser: 'u', keyName: `k${i}`, generation: 1 });

function secondInstance(sleep = realSleep): FileStore {
  return createFileStore(
    'local',
    { type: 'file', path: 'secrets.age', recipients: [h.recipient] },
    {
      env: { KEYWARD_AGE_IDENTITY: h.identityPath },
      baseDir: h.dir,
      sleep,
    },
  );
}

function runChild(prefix: string, count: number): Promise<number | null> {
  const script = fileURLToPath(new URL('./fixtures/write-secrets.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, h.dir, h.identityPath, h.recipient, prefix, String(count)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

describe('file store concurrency', () => {
  it('serialises 25 parallel writes on one instance without losing any', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => h.store.write(ref(`S_${i}`), new Secret(`v${i}`), meta(i))));
    const doc = await h.decryptWithAge();
    expect(Object.keys(doc ?? {}).length).toBe(25);
    for (let i = 0; i < 25; i += 1) expect(doc?.[`S_${i}`]?.value).toBe(`v${i}`);
  });

  it('two instances on one path and three child processes all land their writes', async () => {
    const other = secondInstance();
    const mine = Array.from({ length: 6 }, (_, i) =>
      (i % 2 === 0 ? h.store : other).write(ref(`P_${i}`), new Secret(`p${i}`), meta(i)),
    );
    const children = ['CHILD_A', 'CHILD_B', 'CHILD_C'].map((prefix) => runChild(prefix, 4));
    await Promise.all(mine);
    expect(await Promise.all(children)).toEqual([0, 0, 0]);
    const doc = await h.decryptWithAge();
    expect(Object.keys(doc ?? {}).sort()).toEqual(
      [
        ...Array.from({ length: 6 }, (_, i) => `P_${i}`),
        ...['CHILD_A', 'CHILD_B', 'CHILD_C'].flatMap((p) => [0, 1, 2, 3].map((i) => `${p}_${i}`)),
      ].sort(),
    );
    expect(doc?.CHILD_B_3?.value).toBe('CHILD_B-value-3');
    expect(await readdir(h.dir)).not.toContain('secrets.age.lock');
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dead = spawn('true');
    const pid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid ?? 0)));
    await writeFile(join(h.dir, 'secrets.age.lock'), `${pid}\n`);
    const key = contractKey();
    await h.store.write(ref('A'), key.secret, key.meta);
    expect((await h.decryptWithAge())?.A?.keyId).toBe(key.meta.keyId);
    expect(await readdir(h.dir)).not.toContain('secrets.age.lock');
  });

  it('waits for a live lock holder, then fails clearly without touching the file', async () => {
    const first = contractKey();
    await h.store.write(ref('A'), first.secret, first.meta);
    const before = await readFile(join(h.dir, 'secrets.age'));
    await writeFile(join(h.dir, 'secrets.age.lock'), `${process.pid}\n`);
    const { sleep, delays } = recordingSleep();
    const store = secondInstance(sleep);
    const key = contractKey();
    const error = await expectStoreError(store.write(ref('B'), key.secret, key.meta), store, ref('B'), key.secretPart);
    expect(error.code).toBe('store.file.locked');
    expect(error.message).toContain('secrets.age.lock');
    expect(delays.length).toBeGreaterThan(10);
    expect(await readFile(join(h.dir, 'secrets.age'))).toEqual(before);
  });
});
