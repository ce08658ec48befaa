// `keyward serve` as a real subprocess with KEYWARD_SMTP_URL / KEYWARD_WEBHOOK_URL set: at start its scheduler
// notices keys expiring soon, mails a real SMTP server, calls the webhook; bad settings stop it with a clear message.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/kernel/clock.js';
import { startKeyService } from '../../../src/keyservice/server.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ADMIN_KEY = 'fedcba9876543210'.repeat(4);

/** Runs the CLI from the sources (never a stale build) with the given environment. */
function serve(dataDir: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'serve', '--port', '0', '--data', dataDir],
    {
      env: {
        ...process.env,
        DATABASE_URL: '',
        KEYWARD_BOOTSTRAP_KEY: ADMIN_KEY,
        KEYWARD_SMTP_URL: '',
        KEYWARD_WEBHOOK_URL: '',
        ...env,
      },
      cwd: ROOT,
    },
  );
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.stdout.match(pattern);
        if (m) {
          child.stdout.off('data', check);
          resolve(m);
        }
      };
      child.stdout.on('data', check);
      void exited.then((code) => reject(new Error(`keyward serve exited with ${code}: ${out.stdout}${out.stderr}`)));
      check();
    });
  return { child, out, exited, line };
}

describe('keyward serve with notification settings (subprocess)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('mails and calls the webhook for keys expiring within 14 days as soon as it starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-serve-notices-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    // Prepare the data directory in-process: the admin's own key expires in 3 days, another in 30.
    const setup = await startKeyService({ dataDir, bootstrapKey: ADMIN_KEY });
    for (const [name, days] of [
      ['admin-script', 3],
      ['admin-later', 30],
    ] as const) {
      const r = await fetch(`${setup.url}/v2/current_api_keys`, {
        method: 'POST',
        headers: { authorization: `Token ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, expires_at: new Date(Date.now() + days * DAY_MS).toISOString() }),
      });
      expect(r.status).toBe(201);
    }
    await setup.close();

    const sink = await startSmtpSink();
    const hooks = await startWebhookReceiver();
    try {
      const server = serve(dataDir, {
        KEYWARD_SMTP_URL: sink.url,
        KEYWARD_SMTP_FROM: 'alerts@keyward.test',
        KEYWARD_WEBHOOK_URL: hooks.url,
      });
      const [, url] = await server.line(/listening on (http:\/\/\S+)/);
      await server.line(/notifications info: expiry notices for \d{4}-\d\d-\d\d: 1 created, 2 delivered, 0 failed/);
      await sink.received(1);
      expect(sink.mails.map((m) => [m.from, m.to.join(','), m.subject])).toEqual([
        ['alerts@keyward.test', 'admin@keyward.local', '[keyward] Your user API key "admin-script" expires in 3 days'],
      ]);
      expect(hooks.hooks.map((h) => (h.body as { key: { name: string } }).key.name)).toEqual(['admin-script']);
      const listed = await fetch(`${url}/v2/notifications?_fields=key_name`, {
        headers: { authorization: `Token ${ADMIN_KEY}` },
      });
      expect(await listed.json()).toEqual({ results: [{ key_name: 'admin-script' }] });

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(`${server.out.stdout}${server.out.stderr}`).not.toContain(ADMIN_KEY.slice(32));
    } finally {
      await sink.close();
      await hooks.close();
    }
  }, 180_000);

  it('refuses to start with an SMTP URL of the wrong scheme, naming the variable, without a stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-serve-notices-'));
    dirs.push(dir);
    const server = serve(join(dir, 'data'), { KEYWARD_SMTP_URL: 'https://mailer:hunter2@mail.example.com' });
    expect(await server.exited).not.toBe(0);
    expect(server.out.stderr).toContain('KEYWARD_SMTP_URL must start with smtp:// or smtps://, not https://');
    expect(server.out.stderr).not.toMatch(/\n\s+at /);
    expect(server.out.stderr).not.toContain('hunter2');
  }, 120_000);
});
