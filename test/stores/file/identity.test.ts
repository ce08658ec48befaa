// age identities: generated ones match age-keygen's view, identity files parse like age's, several recipients all read.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { createFileStore } from '../../../src/stores/file/index.js';
import {
  formatIdentityFile,
  generateAgeIdentity,
  loadIdentities,
  parseIdentityText,
} from '../../../src/stores/file/identity.js';
import { contractKey } from '../../contract/store-contract.js';
import { run } from './file-harness.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-age-identity-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('age identities', () => {
  it('generateAgeIdentity gives an X25519 pair that age-keygen agrees with', async () => {
    const generated = await generateAgeIdentity();
    expect(generated.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(generated.recipient).toMatch(/^age1[0-9a-z]+$/);
    const path = join(dir, 'id.txt');
    await writeFile(path, formatIdentityFile(generated, new FakeClock('2026-01-02T03:04:05Z').now()), { mode: 0o600 });
    const { stdout } = await run('age-keygen', ['-y', path]);
    expect(stdout.trim()).toBe(generated.recipient);
  });

  it('parses identity files with comments, blank lines, CRLF and several identities', async () => {
    const a = await generateAgeIdentity();
    const b = await generateAgeIdentity();
    const parsed = await parseIdentityText(
      `# first\r\n${a.identity}\r\n\r\n  # second\r\n${b.identity}\r\n`,
      'ids.txt',
    );
    expect(parsed.lines).toEqual([a.identity, b.identity]);
    await expect(parseIdentityText('age1notanidentity\n', 'ids.txt')).rejects.toThrow('ids.txt:1: not an age identity');
  });

  it('treats an unset or empty KEYWARD_AGE_IDENTITY as no identity', async () => {
    expect(await loadIdentities({})).toBeNull();
    expect(await loadIdentities({ KEYWARD_AGE_IDENTITY: '  ' })).toBeNull();
  });

  it('encrypts to every recipient: each identity alone reads the file, with keyward and with age', async () => {
    const alice = await generateAgeIdentity();
    const bob = await generateAgeIdentity();
    const paths = { alice: join(dir, 'alice.txt'), bob: join(dir, 'bob.txt') };
    await writeFile(paths.alice, formatIdentityFile(alice, new Date(0)));
    await writeFile(paths.bob, formatIdentityFile(bob, new Date(0)));
    const config = { type: 'file', path: 'secrets.age', recipients: [alice.recipient, bob.recipient] };
    const asAlice = createFileStore('shared', config, { env: { KEYWARD_AGE_IDENTITY: paths.alice }, baseDir: dir });
    const asBob = createFileStore('shared', config, { env: { KEYWARD_AGE_IDENTITY: paths.bob }, baseDir: dir });
    const first = contractKey('one');
    const second = contractKey('two');
    await asAlice.write({ store: 'shared', name: 'ONE' }, first.secret, first.meta);
    await asBob.write({ store: 'shared', name: 'TWO' }, second.secret, second.meta);
    expect(await asAlice.describe({ store: 'shared', name: 'TWO' })).toMatchObject({
      state: 'holds',
      keyId: second.meta.keyId,
    });
    for (const path of [paths.alice, paths.bob]) {
      const { stdout } = await run('age', ['-d', '-i', path, join(dir, 'secrets.age')]);
      expect(Object.keys(JSON.parse(stdout) as object)).toEqual(['ONE', 'TWO']);
    }
  });
});
