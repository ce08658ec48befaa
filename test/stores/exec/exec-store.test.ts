// The exec store's own rules: secret on stdin only, placeholders, redacted stderr, timeouts, describe output checks.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeywardError } from '../../../src/kernel/errors.js';
import { Secret } from '../../../src/kernel/secret.js';
import { createStore } from '../../../src/stores/registry.js';
import { contractKey, expectNoSecret, expectStoreError } from '../../contract/store-contract.js';
import { makeExecHarness, type ExecHarness } from './exec-harness.js';

let h: ExecHarness;
beforeEach(async () => {
  h = await makeExecHarness();
});
afterEach(async () => h.cleanup());

const ref = (name: string) => ({ store: 'deliver', name });

describe('exec store delivery', () => {
  it('passes the secret on standard input only, never in argv or the environment', async () => {
    await h.script(
      'spy.sh',
      `#!/bin/sh\nd="$(dirname "$0")"\nprintf '%s\\n' "$@" > "$d/argv.txt"\nenv > "$d/env.txt"\ncat > "$d/stdin.txt"\n`,
    );
    const store = h.storeWith({
      command: [
        './spy.sh',
        '{name}',
        '{store}',
        '{keyId}',
        '{serviceUser}',
        '{keyName}',
        '{generation}',
        '{updatedAt}',
      ],
      env: { DEST: 'prod' },
    });
    const key = contractKey('deploy', 3);
    h.clock.set('2026-05-06T07:08:09Z');
    await store.write(ref('PAYMENTS_KEY'), key.secret, key.meta);
    const read = (file: string) => readFile(join(h.dir, file), 'utf8');
    expect(await read('stdin.txt')).toBe(key.secret.reveal());
    expect((await read('argv.txt')).split('\n')).toEqual([
      'PAYMENTS_KEY',
      'deliver',
      key.meta.keyId,
      'contract-user',
      'deploy',
      '3',
      '2026-05-06T07:08:09.000Z',
      '',
    ]);
    const env = await read('env.txt');
    expect(env.includes(key.secretPart)).toBe(false);
    expect(env).toContain('DEST=prod');
    expect(env).toContain(`KEYWARD_KEY_ID=${key.meta.keyId}`);
    expect(env).toContain('KEYWARD_SECRET_NAME=PAYMENTS_KEY');
    expect(env).toContain('KEYWARD_OPERATION=write');
    expect(env).toContain('KEYWARD_GENERATION=3');
  });

  it('succeeds when the command exits 0 without reading its input', async () => {
    await h.script('ignore.sh', '#!/bin/sh\nexit 0\n');
    await h
      .storeWith({ command: ['./ignore.sh'] })
      .write(ref('A'), new Secret('x'.repeat(300_000)), contractKey().meta);
  });

  it('reports a failing command with its exit code and stderr, the secret redacted', async () => {
    await h.script(
      'leaky.sh',
      '#!/bin/sh\necho "could not deliver:" >&2\ncat >&2\necho >&2\necho "giving up" >&2\nexit 3\n',
    );
    const store = h.storeWith({ command: ['./leaky.sh'] });
    const key = contractKey();
    const error = await expectStoreError(store.write(ref('A'), key.secret, key.meta), store, ref('A'), key.secretPart);
    expect(error.code).toBe('store.exec.failed');
    expect(error.message).toContain('exit code 3');
    expect(error.message).toContain('could not deliver:');
    expect(error.message).toContain('[secret]');
    expect(error.message).toContain('giving up');
    expect(h.sleeps).toEqual([]);
  });

  it('keeps only the last lines of long stderr', async () => {
    await h.script(
      'noisy.sh',
      '#!/bin/sh\ni=0\nwhile [ $i -lt 500 ]; do echo "line $i of noise" >&2; i=$((i+1)); done\nexit 1\n',
    );
    const store = h.storeWith({ command: ['./noisy.sh'] });
    const key = contractKey();
    const error = await expectStoreError(store.write(ref('A'), key.secret, key.meta), store, ref('A'), key.secretPart);
    expect(error.message).toContain('line 499 of noise');
    expect(error.message).not.toContain('line 1 of noise\n');
    expect(error.message.length).toBeLessThan(2400);
  });

  it('kills a command that outlives its timeout, with everything it started', async () => {
    await h.script(
      'hang.sh',
      '#!/bin/sh\nsleep 60 &\necho $! > "$(dirname "$0")/child.pid"\necho "waiting for the network" >&2\nwait\n',
    );
    const store = h.storeWith({ command: ['./hang.sh'], timeout: '1s' });
    const key = contractKey();
    const error = await expectStoreError(store.write(ref('A'), key.secret, key.meta), store, ref('A'), key.secretPart);
    expect(error.code).toBe('store.exec.timeout');
    expect(error.message).toContain('1000 ms');
    expect(error.message).toContain('waiting for the network');
    // The background `sleep` died with its group: gone, or a zombie awaiting its reaper (state Z).
    const childPid = Number((await readFile(join(h.dir, 'child.pid'), 'utf8')).trim());
    const stat = await readFile(`/proc/${childPid}/stat`, 'utf8').catch(() => 'gone');
    expect(stat === 'gone' || / Z /.test(stat.slice(stat.lastIndexOf(')')))).toBe(true);
  });

  it('reports a missing program as a user error naming it', async () => {
    const store = h.storeWith({ command: ['./no-such-script.sh'] });
    const key = contractKey();
    const error = await expectStoreError(store.write(ref('A'), key.secret, key.meta), store, ref('A'), key.secretPart);
    expect(error.code).toBe('store.exec.spawn');
    expect(error.source).toBe('user');
    expect(error.message).toContain(join(h.dir, 'no-such-script.sh'));
  });

  it('emits secret-free retry events while a command asks to be retried', async () => {
    h.faults?.transient(2);
    const key = contractKey();
    await h.store.write(ref('A'), key.secret, key.meta);
    expect(h.events.map((e) => e.code).filter((c) => c !== 'store.step')).toEqual([
      'store.write.retry',
      'store.write.retry',
    ]);
    expectNoSecret(h.events, key.secretPart);
  });
});

describe('exec store describe and delete', () => {
  it('requires a describe command, since delivery must be verifiable', () => {
    expect(() => createStore('hook', { type: 'exec', command: ['./d.sh'] }, { env: {}, baseDir: '/tmp' })).toThrow(
      /stores\.hook\.describe.*is required/,
    );
  });

  it('without a delete command refuses to delete, as a user error', async () => {
    const store = h.storeWith({ command: ['./deliver.sh', '{name}', '{keyId}', '{updatedAt}'] });
    const error = await expectStoreError(store.delete(ref('A')), store, ref('A'), 'unused');
    expect(error.code).toBe('store.exec.no-delete');
    expect(error.source).toBe('user');
  });

  it('refuses describe output that is not the documented JSON, without quoting it', async () => {
    const hidden = 'S3cr3tPrintedByAMistake';
    const outputs = [
      `oops ${hidden}`,
      `["${hidden}"]`,
      `{"present": "yes"}`,
      `{"present": true, "${hidden}": 1}`,
      `{"present": true, "keyId": 5}`,
      `{"present": true, "updatedAt": "${hidden}"}`,
      `{"state": "maybe"}`,
      `{"state": "holds"}`,
      `{"state": "uncertain", "candidates": "${hidden}"}`,
      `{"state": "absent", "${hidden}": 1}`,
    ];
    for (const output of outputs) {
      await h.script('say.sh', `#!/bin/sh\ncat <<'EOT'\n${output}\nEOT\n`);
      const store = h.storeWith({ command: ['./deliver.sh'], describe: ['./say.sh'] });
      const error = await expectStoreError(store.describe(ref('A')), store, ref('A'), hidden);
      expect(error.code).toBe('store.exec.describe-output');
    }
  });

  it('reads keyId and updatedAt, and {"present": false}', async () => {
    await h.script(
      'say.sh',
      `#!/bin/sh\nif [ "$1" = A ]; then echo '{"present": true, "keyId": "abc", "updatedAt": "2026-02-03T04:05:06Z"}'; else echo '{"present": false}'; fi\n`,
    );
    const store = h.storeWith({ command: ['./deliver.sh'], describe: ['./say.sh', '{name}'] });
    expect(await store.describe(ref('A'))).toEqual({
      state: 'holds',
      keyId: 'abc',
      updatedAt: new Date('2026-02-03T04:05:06Z'),
    });
    expect(await store.describe(ref('B'))).toEqual({ state: 'absent' });
  });

  it('reads the tri-state form: absent, holds, uncertain with candidates or with none', async () => {
    const says: Record<string, string> = {
      A: '{"state": "absent"}',
      B: '{"state": "holds", "keyId": "abc", "updatedAt": "2026-02-03T04:05:06Z"}',
      C: '{"state": "uncertain", "candidates": ["new", "old", "new"]}',
      D: '{"state": "uncertain"}',
    };
    await h.script(
      'say.sh',
      `#!/bin/sh\ncase "$1" in\n${Object.entries(says)
        .map(([n, o]) => `${n}) echo '${o}' ;;`)
        .join('\n')}\nesac\n`,
    );
    const store = h.storeWith({ command: ['./deliver.sh'], describe: ['./say.sh', '{name}'] });
    expect(await store.describe(ref('A'))).toEqual({ state: 'absent' });
    expect(await store.describe(ref('B'))).toEqual({
      state: 'holds',
      keyId: 'abc',
      updatedAt: new Date('2026-02-03T04:05:06Z'),
    });
    expect(await store.describe(ref('C'))).toMatchObject({
      state: 'uncertain',
      candidates: ['new', 'old'],
      updatedAt: null,
    });
    expect(await store.describe(ref('D'))).toMatchObject({ state: 'uncertain', candidates: [] });
  });
});

describe('exec store configuration', () => {
  const configError = (config: Record<string, unknown>): KeywardError => {
    try {
      createStore('hook', { type: 'exec', ...config }, { env: {}, baseDir: '/tmp' });
    } catch (error) {
      return error as KeywardError;
    }
    throw new Error('expected a configuration error');
  };
  it('rejects bad fields naming stores.<name>.<field>', () => {
    expect(configError({}).message).toContain('stores.hook.command');
    expect(configError({ command: [] }).message).toContain('stores.hook.command');
    expect(configError({ command: 'deliver.sh {name}' }).message).toContain('no shell');
    expect(configError({ command: ['./d.sh', '{secret}'] }).message).toContain(
      '(stores.hook.command[1]): unknown placeholder {secret}',
    );
    expect(configError({ command: ['./d.sh'], describe: ['./q.sh', '{keyId}'] }).message).toContain(
      'stores.hook.describe[1]',
    );
    expect(configError({ command: ['./d.sh'], timeout: '30' }).message).toContain('stores.hook.timeout');
    // The one duration grammar: 2m could be minutes or months, so it is refused with both readings.
    expect(configError({ command: ['./d.sh'], timeout: '2m' }).message).toContain(
      "'2m' is ambiguous: write 2min for minutes or 2mo for months",
    );
    expect(configError({ command: ['./d.sh'], timeout: '0s' }).message).toContain('stores.hook.timeout');
    expect(configError({ command: ['./d.sh'], timeout: '2d' }).message).toContain('up to 24h');
    expect(configError({ command: ['./d.sh'], env: { KEYWARD_KEY_ID: 'x' } }).message).toContain(
      'stores.hook.env.KEYWARD_KEY_ID',
    );
    expect(configError({ command: ['./d.sh'], env: { A: 1 } }).message).toContain('stores.hook.env.A');
    expect(configError({ command: ['./d.sh'], shell: true }).message).toContain('stores.hook.shell');
    expect(configError({ command: ['./d.sh'], shell: true }).source).toBe('user');
  });
  it('parses timeouts and resolves relative programs against the manifest directory', () => {
    const store = h.storeWith({ command: ['./d.sh'], describe: ['bin/q', '{name}'], timeout: '2min' });
    expect(store.config.timeoutMs).toBe(120_000);
    expect(h.storeWith({ command: ['./d.sh'], timeout: '1min30s' }).config.timeoutMs).toBe(90_000);
    expect(store.config.command[0]).toBe(join(h.dir, 'd.sh'));
    expect(store.config.describe?.[0]).toBe(join(h.dir, 'bin/q'));
    expect(h.storeWith({ command: ['gpg', '--batch'] }).config.command[0]).toBe('gpg');
  });
});
