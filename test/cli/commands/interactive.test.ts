// apply on a terminal against a live key service (PGlite): answering "no", Ctrl-C or Ctrl-D at the prompt, Ctrl-C while
// applying (actions under way finish, no orphaned key), and colour only on a terminal without NO_COLOR.
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { open, mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../src/keyservice/server.js';
import { runCli } from '../../../src/cli/program.js';
import type { CliIo } from '../../../src/cli/io.js';
import { runKeyward } from '../../support/cli-run.js';

const run = promisify(execFile);
const adminKey = randomBytes(32).toString('hex');
let service: KeyService;
let dir: string;
let env: Record<string, string | undefined>;

const DELIVER = `#!/bin/sh
# Tells the test this delivery is under way, waits for its go, then stores the key ID (the secret is read and dropped).
echo started > "$STARTED"
read go < "$GO"
cat > /dev/null
echo "$2" > "vault-$1"
`;
const DESCRIBE = `#!/bin/sh
if [ -f "vault-$1" ]; then printf '{"present": true, "keyId": "%s"}\\n' "$(cat "vault-$1")"; else echo '{"present": false}'; fi
`;

function manifest(name: string): string {
  return [
    'apiVersion: keyward.dev/v1',
    'kind: ServiceUsers',
    `metadata: { name: ${name} }`,
    'provider: { driver: keyward }',
    'stores:',
    `  hook: { type: exec, command: ["./deliver.sh", "{name}", "{keyId}"], describe: ["./describe.sh", "{name}"], env: { STARTED: "${join(dir, 'started')}", GO: "${join(dir, 'go')}" } }`,
    'serviceUsers:',
    `  - name: ${name}-first`,
    '    keys:',
    `      - { name: k, secret: { store: hook, name: ${name.toUpperCase()}_FIRST } }`,
    `  - name: ${name}-second`,
    '    keys:',
    `      - { name: k, secret: { store: hook, name: ${name.toUpperCase()}_SECOND } }`,
    '',
  ].join('\n');
}

function terminal(): { stream: Writable & { isTTY: boolean }; text: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString('utf8')), done()) }),
    { isTTY: true },
  );
  return { stream, text: () => text };
}

/** Runs keyward with stdin and stdout on a (simulated) terminal; `keys` are typed once the prompt is shown. */
async function onTerminal(
  args: string[],
  keys: string,
  extra: { signals?: EventEmitter; env?: Record<string, string> } = {},
) {
  const out = terminal();
  const err = terminal();
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const io: CliIo = {
    stdout: out.stream,
    stderr: err.stream,
    stdin,
    env: { ...env, ...extra.env },
    cwd: dir,
    ...(extra.signals ? { signals: extra.signals } : {}),
  };
  const typing = (async () => {
    while (!out.text().includes('Enter a value: ')) await new Promise((resolve) => setImmediate(resolve));
    stdin.write(keys);
  })();
  const code = await runCli(args, io);
  await typing;
  return { code, stdout: out.text(), stderr: err.text() };
}

beforeAll(async () => {
  service = await startKeyService({ bootstrapKey: adminKey, log: () => undefined });
  dir = await mkdtemp(join(tmpdir(), 'keyward-cli-tty-'));
  await writeFile(join(dir, 'deliver.sh'), DELIVER);
  await writeFile(join(dir, 'describe.sh'), DESCRIBE);
  await chmod(join(dir, 'deliver.sh'), 0o755);
  await chmod(join(dir, 'describe.sh'), 0o755);
  await run('mkfifo', [join(dir, 'started'), join(dir, 'go')]);
  for (const name of ['cancel', 'interrupt']) await writeFile(join(dir, `${name}.yaml`), manifest(name));
  env = { PATH: process.env.PATH, KEYWARD_URL: service.url, KEYWARD_API_KEY: adminKey };
});

afterAll(async () => {
  // Opening a FIFO read-write never blocks and releases anyone still waiting on it (a failed test must not hang the
  // run).
  for (const fifo of ['started', 'go']) await (await open(join(dir, fifo), 'r+')).close();
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('apply at the prompt', () => {
  it.each([
    ['no', 'no\r'],
    ['Ctrl-C', '\x03'],
    ['Ctrl-D', '\x04'],
  ])('answering %s cancels: exit 1, nothing changed, no stack', async (_label, keys) => {
    const result = await onTerminal(['apply', 'cancel.yaml'], keys);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Apply cancelled: nothing was changed.');
    expect(result.stderr).not.toMatch(/unexpected failure|Aborted|\n\s+at /);
    const after = await runKeyward(['plan', 'cancel.yaml', '--detailed-exitcode'], { cwd: dir, env });
    expect(after.code).toBe(2);
    expect(after.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy, 0 to rotate.');
  });
});

describe('Ctrl-C while applying', () => {
  it('starts no further action, lets the one under way deliver its key, exits 1, and leaves no orphan', async () => {
    const signals = new EventEmitter();
    // The first delivery announces itself on the `started` FIFO; Ctrl-C arrives then, and only then is it let go.
    const interrupter = (async () => {
      const started = await open(join(dir, 'started'), 'r');
      await started.readFile();
      await started.close();
      signals.emit('SIGINT');
      await writeFile(join(dir, 'go'), 'go\n');
    })();
    const result = await onTerminal(['apply', 'interrupt.yaml', '--parallelism', '1'], 'yes\r', {
      signals,
      env: { NO_COLOR: '1' },
    });
    await interrupter;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Interrupted: starting no further actions; the ones under way finish');
    expect(result.stdout).toContain('Apply interrupted: 2 done, 0 failed, 2 not started.');
    expect(signals.listenerCount('SIGINT')).toBe(0);
    const keyId = (await readFile(join(dir, 'vault-INTERRUPT_FIRST'), 'utf8')).trim();
    expect(keyId).toMatch(/^[0-9a-f]{32}$/);
    // On a terminal the apply ends with what was done per resource, new key IDs included, not only a progress bar.
    const summary = result.stdout.slice(result.stdout.indexOf('Apply interrupted'));
    expect(summary).toMatch(/\n {2}\+ interrupt\/interrupt-first +created service user\n/);
    expect(summary).toContain(`interrupt/interrupt-first/k   created key ${keyId} → hook/INTERRUPT_FIRST\n`);
    expect(summary).toMatch(/\n {2}\+ interrupt\/interrupt-second\/k +skipped\n/);
    const after = await runKeyward(['plan', 'interrupt.yaml', '--detailed-exitcode'], { cwd: dir, env });
    expect(after.stdout).toContain('Plan: 2 to add, 0 to change, 0 to destroy, 0 to rotate.');
    expect(after.stdout).toContain('create service user interrupt/interrupt-second');
    expect(after.stdout).not.toContain('orphan');
    expect(result.stdout + result.stderr + after.stdout).not.toContain(adminKey);
  });
});

describe('colour', () => {
  it('a terminal gets colour, NO_COLOR (non-empty) and a pipe get plain text', async () => {
    const coloured = await onTerminal(['apply', 'cancel.yaml'], 'no\r');
    expect(coloured.stdout).toContain('\x1b[');
    for (const value of ['1', 'true']) {
      const plain = await onTerminal(['apply', 'cancel.yaml'], 'no\r', { env: { NO_COLOR: value } });
      expect(plain.stdout).not.toContain('\x1b[32m');
    }
    const emptyNoColor = await onTerminal(['apply', 'cancel.yaml'], 'no\r', { env: { NO_COLOR: '' } });
    expect(emptyNoColor.stdout).toContain('\x1b[32m');
    for (const flag of ['--no-color', '-no-color']) {
      const plain = await onTerminal(['apply', 'cancel.yaml', flag], 'no\r');
      expect(plain.code).toBe(1);
      expect(plain.stdout).toContain('Apply cancelled');
      // No colour code (the prompt may still move the cursor).
      expect(plain.stdout).not.toMatch(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`));
    }

    const piped = await runKeyward(['plan', 'cancel.yaml'], { cwd: dir, env });
    expect(piped.stdout).not.toContain('\x1b[');
  });
});
