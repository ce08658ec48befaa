// Test harness for the file store: a temp dir with a generated identity, and peeks through the real `age` binary.
// It never prints a secret; the identity stays inside the temp dir, which cleanup removes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeClock } from '../../support/fake-clock.js';
import { createFileStore, type FileStore } from '../../../src/stores/file/index.js';
import { formatIdentityFile, generateAgeIdentity } from '../../../src/stores/file/identity.js';
import { recordingSleep } from '../../support/recording-sleep.js';
import type { StoreHarness } from '../../contract/store-contract.js';
import { crashingSink } from '../../contract/store-crash-rules.js';

export const run = promisify(execFile);

export interface FileHarness extends StoreHarness {
  readonly store: FileStore;
  readonly dir: string;
  readonly identityPath: string;
  readonly recipient: string;
  /** Decrypts the secrets file with the real `age` binary; null when it does not exist. */
  decryptWithAge(): Promise<Record<string, { value: string; keyId: string; updatedAt: string }> | null>;
}

export async function makeFileHarness(storeName = 'local'): Promise<FileHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-file-store-'));
  const generated = await generateAgeIdentity();
  const identityPath = join(dir, 'identity.txt');
  await writeFile(identityPath, formatIdentityFile(generated, new Date('2026-01-01T00:00:00Z')), { mode: 0o600 });
  const clock = new FakeClock();
  const { sleep } = recordingSleep();
  const { sink, events, crashAfter } = crashingSink();
  const store = createFileStore(
    storeName,
    { type: 'file', path: 'secrets.age', recipients: [generated.recipient] },
    {
      env: { KEYWARD_AGE_IDENTITY: identityPath },
      baseDir: dir,
      clock,
      sleep,
      events: sink,
    },
  );
  const decryptWithAge: FileHarness['decryptWithAge'] = async () => {
    try {
      const { stdout } = await run('age', ['-d', '-i', identityPath, join(dir, 'secrets.age')]);
      return JSON.parse(stdout) as Record<string, { value: string; keyId: string; updatedAt: string }>;
    } catch (error) {
      if ((error as { stderr?: string }).stderr?.includes('no such file')) return null;
      throw error;
    }
  };
  return {
    store,
    clock,
    events,
    crashAfter,
    dir,
    identityPath,
    recipient: generated.recipient,
    decryptWithAge,
    async peek(name) {
      const doc = await decryptWithAge();
      return doc?.[name]?.value;
    },
    async breakBackend() {
      // A valid age file for somebody else: keyward must refuse to read it and never overwrite it.
      const stranger = await generateAgeIdentity();
      await run('sh', ['-c', `printf '{}' | age -r "$1" -o "$2"`, 'sh', stranger.recipient, join(dir, 'secrets.age')]);
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
