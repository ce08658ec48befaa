// A key service (PGlite in memory), a terraform workspace with the packaged provider's mirror, an age identity,
// and helpers that read the key service's HTTP API and the age file — shared by the CDKTF apply tests.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startKeyService, type KeyService } from '../../../../src/keyservice/server.js';
import { formatIdentityFile, generateAgeIdentity } from '../../../../src/stores/file/identity.js';
import { terraformWorkspace, type TerraformResult, type TerraformWorkspace } from '../../support/terraform-cli.js';

const run = promisify(execFile);

export interface RemoteKey {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly user_name: string;
}

export interface CdktfFixture {
  readonly service: KeyService;
  readonly adminKey: string;
  readonly tf: TerraformWorkspace;
  readonly recipient: string;
  /** Environment for terraform: key service URL and API key, the age identity. */
  readonly env: Readonly<Record<string, string>>;
  /** `terraform -chdir=<stackDir> <args>` in the workspace. */
  terraform(stackDir: string, args: readonly string[]): Promise<TerraformResult>;
  /** GET on the key service's HTTP API as the bootstrap admin; `results` of a list. */
  list<T>(path: string): Promise<T[]>;
  /** Verifies a key through POST /v2/api_keys/verify. */
  verify(key: string): Promise<string>;
  /** Decrypts an age secrets file with the real `age` binary. */
  readSecrets(file: string): Promise<Record<string, { value: string; keyId: string }>>;
  close(): Promise<void>;
}

export async function cdktfFixture(): Promise<CdktfFixture> {
  const adminKey = randomBytes(32).toString('hex');
  const service = await startKeyService({ bootstrapKey: adminKey });
  const tf = await terraformWorkspace();
  const identity = await generateAgeIdentity();
  const identityFile = join(tf.dir, '..', 'identity.txt');
  await writeFile(identityFile, formatIdentityFile(identity, new Date(0)), { mode: 0o600 });
  const env = { KEYWARD_URL: service.url, KEYWARD_API_KEY: adminKey, KEYWARD_AGE_IDENTITY: identityFile };
  const headers = { Authorization: `Token ${adminKey}`, 'Content-Type': 'application/json' };
  return {
    service,
    adminKey,
    tf,
    recipient: identity.recipient,
    env,
    terraform: (stackDir, args) => tf.run([`-chdir=${stackDir}`, ...args], env),
    async list<T>(path: string) {
      const response = await fetch(`${service.url}${path}`, { headers });
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { results: T[] }).results;
    },
    async verify(key) {
      const response = await fetch(`${service.url}/v2/api_keys/verify`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ key }),
      });
      return ((await response.json()) as { result: { code: string } }).result.code;
    },
    async readSecrets(file) {
      const { stdout } = await run('age', ['-d', '-i', identityFile, file]);
      return JSON.parse(stdout) as Record<string, { value: string; keyId: string }>;
    },
    async close() {
      await tf.close();
      await service.close();
    },
  };
}

/** Every file's text under the given paths, for "no secret anywhere" checks. */
export async function readAll(files: readonly string[]): Promise<string> {
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return texts.join('\n');
}
