// Runs `keyward serve` as a child process for the portal's browser tests, on PGlite or a fresh PostgreSQL database.
// Never prints the bootstrap key; stop() sends SIGTERM and waits, so a restart on the same port finds it free.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'keyward.js');

export interface ServeOptions {
  readonly port: number;
  readonly portalDir: string;
  /** PGlite data directory, or a PostgreSQL URL when `databaseUrl` is set. */
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly bootstrapKey: string;
  readonly policy?: string;
  readonly cwd: string;
  /** Extra environment (OIDC settings). */
  readonly env?: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
}

export interface ServeProcess {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the server is restarted on it, so the browser keeps its origin). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const env = {
    ...process.env,
    DATABASE_URL: options.databaseUrl ?? '',
    KEYWARD_BOOTSTRAP_KEY: options.bootstrapKey,
    KEYWARD_SMTP_URL: '',
    KEYWARD_WEBHOOK_URL: '',
    ...options.env,
  };
  const args = [
    BIN,
    'serve',
    '--port',
    String(options.port),
    '--data',
    options.dataDir,
    '--portal-dir',
    options.portalDir,
  ];
  if (options.policy !== undefined) args.push('--policy', options.policy);
  const child: ChildProcess = spawn(process.execPath, [...args, ...(options.args ?? [])], { env, cwd: options.cwd });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        child.stdout?.off('data', check);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`keyward serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
