// A live key service (PGlite), a temp working directory with manifests copied in, an age identity on disk, and the
// environment the `keyward` subprocess runs with: what the CLI end-to-end tests share. Close it in afterAll.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKeyService, type KeyService } from '../../../src/keyservice/server.js';
import { formatIdentityFile, generateAgeIdentity } from '../../../src/stores/file/index.js';
import { runKeyward, type CliRun } from '../../support/cli-run.js';

export interface CliWorld {
  readonly service: KeyService;
  readonly adminKey: string;
  /** The working directory; the manifests are in `manifests/` below it. */
  readonly dir: string;
  readonly env: Record<string, string | undefined>;
  /** Every run so far, for the no-secret-in-any-output checks. */
  readonly outputs: CliRun[];
  keyward(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

export interface CliWorldOptions {
  /** Temp directory prefix, e.g. `keyward-cli-`. */
  readonly prefix: string;
  /** A manifest file or a directory of them, copied to `<dir>/manifests` (a file keeps its name). */
  readonly manifests: string;
  /** The variable the manifests read the age recipient from (`KEYWARD_DEMO_RECIPIENT` in examples/demo). */
  readonly recipientVariable: string;
}

const DEMO_MANIFESTS = join(import.meta.dirname, '..', '..', '..', 'examples', 'demo');

/** A world over a copy of examples/demo (its manifests read the age recipient from KEYWARD_DEMO_RECIPIENT). */
export function startDemoCliWorld(prefix: string): Promise<CliWorld> {
  return startCliWorld({ prefix, manifests: DEMO_MANIFESTS, recipientVariable: 'KEYWARD_DEMO_RECIPIENT' });
}

export async function startCliWorld(options: CliWorldOptions): Promise<CliWorld> {
  const adminKey = randomBytes(32).toString('hex');
  const service = await startKeyService({ bootstrapKey: adminKey, log: () => undefined });
  const dir = await mkdtemp(join(tmpdir(), options.prefix));
  const target = options.manifests.endsWith('.yaml')
    ? join(dir, 'manifests', options.manifests.split('/').pop() ?? 'manifest.yaml')
    : join(dir, 'manifests');
  await cp(options.manifests, target, { recursive: true });
  const identity = await generateAgeIdentity();
  await writeFile(join(dir, 'identity.txt'), formatIdentityFile(identity, new Date()), { mode: 0o600 });
  const env = {
    PATH: process.env.PATH,
    KEYWARD_URL: service.url,
    KEYWARD_API_KEY: adminKey,
    [options.recipientVariable]: identity.recipient,
    KEYWARD_AGE_IDENTITY: join(dir, 'identity.txt'),
  };
  const outputs: CliRun[] = [];
  return {
    service,
    adminKey,
    dir,
    env,
    outputs,
    async keyward(...args) {
      const result = await runKeyward(args, { cwd: dir, env });
      outputs.push(result);
      return result;
    },
    async close() {
      await service.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
