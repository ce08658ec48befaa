// The file store after a real process was killed (SIGKILL) at each step of a write: describe tells the old or the new
// key truly, a leftover temp file is never read, a lock left by the dead writer does not block, and a write repairs.
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/kernel/secret.js';
import { isStale, processStart } from '../../../src/stores/file/file-lock.js';
import { STORE_STEPS } from '../../../src/stores/step.js';
import { expectNoSecret } from '../../contract/store-contract.js';
import { expectTrue } from '../../contract/store-crash-rules.js';
import { makeFileHarness, type FileHarness } from './file-harness.js';

let h: FileHarness;
beforeEach(async () => {
  h = await makeFileHarness();
});
afterEach(async () => h.cleanup());

const ref = { store: 'local', name: 'DEPLOY' };
const OLD = 'a'.repeat(32);
const NEW = 'b'.repeat(32);
const value = (id: string): string => `${id}SECRETPART-${id.slice(0, 3)}`;
const meta = (keyId: string) => ({ keyId, serviceUser: 'u', keyName: 'deploy', generation: 1 });

function killedChild(step: string): Promise<NodeJS.Signals | null> {
  const script = fileURLToPath(new URL('./fixtures/crash-write.ts', import.meta.url));
  const args = ['--import', 'tsx', script, h.dir, h.identityPath, h.recipient, 'DEPLOY', NEW, value(NEW), step];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

const leftovers = async (): Promise<string[]> =>
  (await readdir(h.dir)).filter((n) => n !== 'identity.txt' && n !== 'secrets.age').sort();

describe('file store after a writer was killed', () => {
  for (const step of STORE_STEPS.file.write) {
    it(
      `killed after ${step}: describe is true, leftovers do not block, the next write repairs`,
      { timeout: 60_000 },
      async () => {
        await h.store.write(ref, new Secret(value(OLD)), meta(OLD));
        expect(await killedChild(step)).toBe('SIGKILL');
        const left = await leftovers();
        if (step === 'file.locked' || step === 'file.temp-written' || step === 'file.renamed')
          expect(left).toContain('secrets.age.lock');
        if (step === 'file.temp-written') expect(left.some((n) => n.endsWith('.tmp'))).toBe(true);
        const described = await h.store.describe(ref);
        expectTrue(described, await h.peek('DEPLOY'));
        const renamed = STORE_STEPS.file.write.indexOf(step) >= STORE_STEPS.file.write.indexOf('file.renamed');
        expect(described).toMatchObject({ state: 'holds', keyId: renamed ? NEW : OLD });
        const third = 'c'.repeat(32);
        await h.store.write(ref, new Secret(value(third)), meta(third));
        expect(await h.store.describe(ref)).toMatchObject({ state: 'holds', keyId: third });
        expect(await leftovers()).toEqual([]);
        expectNoSecret(h.events, 'SECRETPART');
      },
    );
  }

  it('a lock whose pid now belongs to a later process is stale; one held by a live writer is not', async () => {
    const lock = join(h.dir, 'x.lock');
    await writeFile(lock, `${process.pid} 1\n`);
    expect(await isStale(lock)).toBe(true);
    await writeFile(lock, `${process.pid} ${(await processStart(process.pid)) ?? ''}\n`);
    expect(await isStale(lock)).toBe(false);
  });

  it('an empty lock (a writer killed before it wrote its pid) is stale only once it is 5 s old', async () => {
    const lock = join(h.dir, 'x.lock');
    await writeFile(lock, '');
    expect(await isStale(lock, () => Date.now())).toBe(false);
    expect(await isStale(lock, () => Date.now() + 6_000)).toBe(true);
  });
});
