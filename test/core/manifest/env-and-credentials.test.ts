// ${ENV} substitution and the credentials rule through loadManifests: set variables are substituted once,
// `$${` stays literal, pass-through of credentials to exec commands is allowed only as a reference.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblems, loadManifests, type LoadResult } from '../../../src/core/manifest/index.js';

const HEADER =
  'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: env }\nprovider: { driver: keyward }\n';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'keyward-manifest-env-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(body: string, env: Record<string, string | undefined>): Promise<LoadResult> {
  await writeFile(path.join(dir, 'm.yaml'), HEADER + body);
  return loadManifests(['m.yaml'], { env, cwd: dir });
}

describe('${ENV} references', () => {
  it('substitutes set variables, several per string, exactly once, and keeps $${ literal', async () => {
    const result = await load(
      'serviceUsers:\n  - name: "${TEAM}-${ROLE}"\n    description: "cost $${X} from ${NESTED}"\n',
      {
        TEAM: 'payments',
        ROLE: 'deployer',
        NESTED: '${TEAM}',
      },
    );
    if (!result.ok) throw new Error(formatProblems(result.problems));
    const user = result.model.scopes[0]?.serviceUsers[0];
    expect(user?.name).toBe('payments-deployer');
    expect(user?.description).toBe('cost ${X} from ${TEAM}');
  });

  it('treats a variable set to undefined as unset and an empty one as set', async () => {
    const result = await load('serviceUsers:\n  - name: "a${EMPTY}"\n    description: "${GONE}"\n', {
      EMPTY: '',
      GONE: undefined,
    });
    expect(result.ok ? [] : formatProblems(result.problems).split('\n')).toEqual([
      "m.yaml:7:19: /serviceUsers/0/description: environment variable 'GONE' is not set",
    ]);
  });

  it('never substitutes inside field names', async () => {
    const result = await load('serviceUsers: []\n"${FIELD}": 1\n', { FIELD: 'prune' });
    expect(result.ok ? [] : formatProblems(result.problems).split('\n')).toEqual([
      "m.yaml:6:1: /${FIELD}: unknown field '${FIELD}'",
    ]);
  });

  it('reports an unclosed reference where it starts', async () => {
    const result = await load('serviceUsers:\n  - name: "x ${OPEN"\n', {});
    expect(result.ok ? [] : formatProblems(result.problems).split('\n')).toEqual([
      'm.yaml:6:14: /serviceUsers/0/name: malformed ${...} reference: write ${NAME} with letters, digits and _ (or $${ for a literal ${)',
    ]);
  });
});

describe('credentials', () => {
  const exec = (env: string): string =>
    `stores:\n  run:\n    type: exec\n    command: [deliver]\n    describe: [describe]\n    env:\n${env}serviceUsers: []\n`;

  it('lets an exec store pass a credential through from the environment by reference', async () => {
    const result = await load(exec('      GITHUB_TOKEN: ${GITHUB_TOKEN}\n      REGION: eu-west-1\n'), {
      GITHUB_TOKEN: 'not-in-the-manifest',
    });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.model.scopes[0]?.stores['run']).toEqual({
      type: 'exec',
      command: ['deliver'],
      describe: ['describe'],
      env: { GITHUB_TOKEN: 'not-in-the-manifest', REGION: 'eu-west-1' },
    });
  });

  it('refuses a credential written into an exec store env, or mixed with literal text', async () => {
    const result = await load(exec('      API_KEY: "Bearer ${KEY}"\n'), { KEY: 'k' });
    expect(result.ok ? [] : formatProblems(result.problems).split('\n')).toEqual([
      "m.yaml:11:16: /stores/run/env/API_KEY: 'API_KEY' looks like a credential: pass it through from the environment as ${API_KEY}, never as a literal",
    ]);
  });

  it('allows a store or secret named like a credential, since names are not values', async () => {
    const body =
      'stores:\n  gh-token: { type: github, repository: acme/app }\nserviceUsers:\n  - name: token-rotator\n    keys:\n      - name: api-token\n        secret: { store: gh-token, name: API_TOKEN }\n';
    const result = await load(body, {});
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.model.scopes[0]?.serviceUsers[0]?.keys[0]?.secrets).toEqual([
      { store: 'gh-token', name: 'API_TOKEN' },
    ]);
  });
});
