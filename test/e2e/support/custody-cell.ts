// One cell of the kill matrix: its own service user, manifest, age file store and exec store (a script writing to a
// temp dir), what each store hands a consumer, and the custody checks against the live key service. Test code only.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '../../../src/kernel/clock.js';
import { parseRemoteKeyName } from '../../../src/core/key-names.js';
import { createDriver } from '../../../src/drivers/registry.js';
import { decryptDocument } from '../../../src/stores/file/secrets-document.js';
import { formatIdentityFile, generateAgeIdentity } from '../../../src/stores/file/index.js';
import { parseIdentityText } from '../../../src/stores/file/identity.js';
import type { ServeProcess } from './processes.js';

export type StoreKind = 'file' | 'exec';

/** Delivers stdin as SECRET with its KEY_ID in one file, renamed into place: a consumer never reads half a write. */
const DELIVER = `#!/bin/sh
set -e
umask 077
mkdir -p "$DIR"
{ printf 'KEY_ID=%s\\n' "$2"; printf 'SECRET='; cat; printf '\\n'; } > "$DIR/$1.tmp"
mv "$DIR/$1.tmp" "$DIR/$1.env"
`;
const DESCRIBE = `#!/bin/sh
if [ -f "$DIR/$1.env" ]; then printf '{"present": true, "keyId": "%s"}\\n' "$(sed -n 's/^KEY_ID=//p' "$DIR/$1.env")"
else echo '{"present": false}'; fi
`;
const DELETE = `#!/bin/sh
rm -f "$DIR/$1.env" "$DIR/$1.tmp"
`;

export interface Holding {
  readonly store: StoreKind;
  /** The full key a consumer of this store reads, or null when it reads nothing. */
  readonly secret: string | null;
}

export interface Cell {
  readonly dir: string;
  readonly user: string;
  readonly stores: readonly StoreKind[];
  /** The age recipient of the file store (its file is <dir>/secrets.age). */
  readonly recipient: string;
  /** The environment every keyward process of this cell runs with (no test variables). */
  readonly env: Record<string, string>;
  holdings(): Promise<Holding[]>;
  /** Rewrites the manifest declaring `generation` of the key (a rotation when raised). */
  setGeneration(generation: number): Promise<void>;
}

export const SECRET_NAME = 'DEPLOY_KEY';

export async function createCell(
  root: string,
  id: string,
  stores: readonly StoreKind[],
  service: ServeProcess,
): Promise<Cell> {
  const dir = join(root, id);
  await mkdir(dir, { recursive: true });
  const identity = await generateAgeIdentity();
  const identityText = formatIdentityFile(identity, new Date());
  await writeFile(join(dir, 'identity.txt'), identityText, { mode: 0o600 });
  for (const [name, text] of [
    ['deliver.sh', DELIVER],
    ['describe.sh', DESCRIBE],
    ['delete.sh', DELETE],
  ] as const) {
    await writeFile(join(dir, name), text);
    await chmod(join(dir, name), 0o755);
  }
  const user = `km-${id}`;
  const exec = join(dir, 'exec');
  const storeLines = {
    file: `  vault-file: { type: file, path: secrets.age, recipients: ["${identity.recipient}"] }`,
    exec:
      `  hook: { type: exec, command: ["./deliver.sh", "{name}", "{keyId}"], describe: ["./describe.sh", "{name}"], ` +
      `delete: ["./delete.sh", "{name}"], env: { DIR: "${exec}" } }`,
  };
  const refs = stores.map((kind) => `{ store: ${kind === 'file' ? 'vault-file' : 'hook'}, name: ${SECRET_NAME} }`);
  // overlap 0d: a rotation retires the superseded key right after delivering its successor (nothing to wait for).
  const manifest = (generation: number): string =>
    [
      'apiVersion: keyward.dev/v1',
      'kind: ServiceUsers',
      `metadata: { name: ${user} }`,
      'provider: { driver: keyward }',
      'stores:',
      ...stores.map((kind) => storeLines[kind]),
      'defaults: { expiresIn: 90d, rotateBefore: 14d, overlap: 0d }',
      'serviceUsers:',
      `  - name: ${user}`,
      '    keys:',
      `      - name: deploy`,
      `        generation: ${generation}`,
      `        secrets: [${refs.join(', ')}]`,
      '',
    ].join('\n');
  const setGeneration = (generation: number): Promise<void> =>
    writeFile(join(dir, 'keyward.yaml'), manifest(generation));
  await setGeneration(1);
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dir,
    NO_COLOR: '1',
    KEYWARD_URL: service.url,
    KEYWARD_API_KEY: service.adminKey,
    KEYWARD_AGE_IDENTITY: join(dir, 'identity.txt'),
  };
  const identities = await parseIdentityText(identityText, 'identity.txt');
  const read = async (kind: StoreKind): Promise<string | null> => {
    if (kind === 'exec') {
      const text = await readFile(join(exec, `${SECRET_NAME}.env`), 'utf8').catch(() => null);
      return text === null ? null : (/^SECRET=(.*)$/m.exec(text)?.[1] ?? null);
    }
    const bytes = await readFile(join(dir, 'secrets.age')).catch(() => null);
    if (bytes === null) return null;
    return (await decryptDocument(bytes, identities)).get(SECRET_NAME)?.value ?? null;
  };
  return {
    dir,
    user,
    stores,
    env,
    recipient: identity.recipient,
    setGeneration,
    holdings: async () => Promise.all(stores.map(async (store) => ({ store, secret: await read(store) }))),
  };
}

/** POST /v2/api_keys/verify: VALID, NOT_FOUND, DISABLED or EXPIRED. */
async function verify(service: ServeProcess, key: string): Promise<string> {
  const response = await fetch(`${service.url}/v2/api_keys/verify`, {
    method: 'POST',
    headers: { authorization: `Token ${service.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const body = (await response.json()) as { result?: { code?: string } };
  return body.result?.code ?? `HTTP ${response.status}`;
}

/**
 * The custody invariants for one key after repair: every store holds one and the same key, of the declared generation,
 * that verifies VALID; no enabled key of the user is held by no store. Returns the problems found (empty = holds).
 */
export async function custodyProblems(
  service: ServeProcess,
  user: string,
  holdings: readonly Holding[],
  generation = 1,
): Promise<string[]> {
  const problems: string[] = [];
  const held = new Set<string>();
  for (const { store, secret } of holdings) {
    if (secret === null) {
      problems.push(`${store} store holds nothing`);
      continue;
    }
    held.add(secret.slice(0, 32));
    const code = await verify(service, secret);
    if (code !== 'VALID') problems.push(`${store} store holds key ${secret.slice(0, 32)}, which verifies ${code}`);
  }
  if (held.size > 1) problems.push(`the stores hold different keys: ${[...held].join(', ')}`);
  const driver = createDriver(
    { driver: 'keyward', url: service.url },
    { KEYWARD_API_KEY: service.adminKey },
    { clock: systemClock },
  );
  const observed = await driver.observe();
  const owner = observed.users.find((u) => u.name === user);
  for (const key of observed.keys.filter((k) => k.userId === owner?.id)) {
    if (held.has(key.id) && parseRemoteKeyName(key.name).generation !== generation) {
      problems.push(`the stores hold ${key.name}, not generation ${generation}`);
    }
    if (key.state === 'enabled' && !held.has(key.id))
      problems.push(`enabled key ${key.name} (${key.id}) is held by no store`);
  }
  return problems;
}

/** Secrets (whole, and the part after the key ID) that appear in any of `outputs`. */
export function leaks(outputs: readonly string[], secrets: readonly string[]): string[] {
  const all = outputs.join('\n');
  return secrets
    .filter((s) => all.includes(s) || all.includes(s.slice(32)))
    .map((s) => `secret of key ${s.slice(0, 32)} printed`);
}
