// The broken-manifest corpus: every fixture under test/fixtures/manifests/broken/ fails to load with exactly these
// problems (file:line:col, JSON path, message), all at once, and never with a stack trace or an echoed value.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblems, loadManifests } from '../../../src/core/manifest/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/manifests/', import.meta.url));
const env = { KEYWARD_URL: 'http://127.0.0.1:8080', HOME: '/home/test', VAULT_TOKEN: 'from-env' };

const expected: Record<string, string[]> = {
  'alias-bomb.yaml': [
    'broken/alias-bomb.yaml:6:8: too many alias expansions (more than 100); YAML alias bombs are refused',
  ],
  'binary.yaml': ['broken/binary.yaml:2:7: file is binary (it contains a NUL byte), not a YAML manifest'],
  'credentials.yaml': [
    'broken/credentials.yaml:4:30: /provider/apiKey: credentials never live in manifests; they come from the environment (see docs/manifest.md#credentials)',
    'broken/credentials.yaml:6:50: /stores/gh/token: credentials never live in manifests; they come from the environment (see docs/manifest.md#credentials)',
    "broken/credentials.yaml:8:5: /stores/run: missing required field 'describe'",
    "broken/credentials.yaml:11:21: /stores/run/env/GITHUB_TOKEN: 'GITHUB_TOKEN' looks like a credential: pass it through from the environment as ${GITHUB_TOKEN}, never as a literal",
    'broken/credentials.yaml:15:18: /serviceUsers/0/description: this looks like an age identity (private key); credentials never live in manifests, they come from the environment',
    'broken/credentials.yaml:18:39: /serviceUsers/0/keys/0/secret/value: credentials never live in manifests; they come from the environment (see docs/manifest.md#credentials)',
  ],
  'custom-tag.yaml': [
    'broken/custom-tag.yaml:3:19: Unresolved tag: !secret; manifests use plain YAML without custom tags',
  ],
  'deep-block.yaml': [
    'broken/deep-block.yaml:69:129: nesting is deeper than 64 levels; manifests are shallow, this is not one',
  ],
  'deep-flow.yaml': [
    'broken/deep-flow.yaml:5:78: nesting is deeper than 64 levels; manifests are shallow, this is not one',
  ],
  'duplicate-yaml-key.yaml': [
    "broken/duplicate-yaml-key.yaml:7:5: /serviceUsers/0/name: duplicate key 'name' in this mapping (YAML keys must be unique; the first is on line 6)",
  ],
  'durations.yaml': [
    'broken/durations.yaml:5:24: /defaults/expiresIn: must be a positive duration like 90d, 12w, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s), or never',
    'broken/durations.yaml:5:42: /defaults/rotateBefore: must be a duration like 36h, 14d, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s)',
    'broken/durations.yaml:5:59: /defaults/overlap: overlap is longer than 10y; that is almost certainly a mistake',
    'broken/durations.yaml:9:39: /serviceUsers/0/keys/0/expiresAt: set either expiresIn or expiresAt, not both',
    'broken/durations.yaml:10:40: /serviceUsers/0/keys/1/expiresAt: must be an RFC 3339 date-time with a time zone, like 2027-01-31T00:00:00Z',
    'broken/durations.yaml:11:40: /serviceUsers/0/keys/2/expiresIn: must be a positive duration like 90d, 12w, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s), or never',
    'broken/durations.yaml:12:39: /serviceUsers/0/keys/3/expiresIn: is ambiguous: write 6mo for months or 6min for minutes',
    'broken/durations.yaml:13:34: /serviceUsers/0/keys/4/expiresIn: must be a positive duration like 90d, 12w, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s), or never',
    'broken/durations.yaml:19:22: /defaults/overlap: overlap is longer than 10y; that is almost certainly a mistake',
    'broken/durations.yaml:23:42: /serviceUsers/0/keys/0/expiresIn: rotateBefore (14d) is not shorter than expiresIn (7d): the key would be due for rotation as soon as it is created',
    'broken/durations.yaml:24:38: /serviceUsers/0/keys/1/expiresIn: expiresIn is longer than 10y; that is almost certainly a mistake',
  ],
  'enum-typos.yaml': [
    'broken/enum-typos.yaml:1:13: /apiVersion: must be "keyward.dev/v1"',
    "broken/enum-typos.yaml:10:21: /provider/driver: must be one of: keyward, infoblox (did you mean 'keyward'?)",
    "broken/enum-typos.yaml:12:14: /stores/s/type: must be one of: file, github, vault, exec (did you mean 'file'?)",
    "broken/enum-typos.yaml:17:16: /serviceUsers/0/keys/0/state: must be one of: enabled, disabled, deleted (did you mean 'enabled'?)",
  ],
  'env-unset.yaml': [
    "broken/env-unset.yaml:4:36: /provider/url: environment variable 'KEYWARD_URLL' is not set (did you mean '${KEYWARD_URL}'?)",
    "broken/env-unset.yaml:6:27: /stores/f/path: environment variable 'SECRETS_DIR' is not set",
    "broken/env-unset.yaml:6:71: /stores/f/recipients/0: environment variable 'RECIPIENT' is not set",
    "broken/env-unset.yaml:7:6: /stores/x: missing required field 'describe'",
    'broken/env-unset.yaml:7:44: /stores/x/command/2: malformed ${...} reference: write ${NAME} with letters, digits and _ (or $${ for a literal ${)',
    "broken/env-unset.yaml:9:16: /serviceUsers/0/name: environment variable 'TEAM' is not set",
  ],
  'github-shapes.yaml': [
    'broken/github-shapes.yaml:6:58: /stores/both/environment: cannot be combined with organization (environments belong to a repository)',
    'broken/github-shapes.yaml:7:68: /stores/repo-vis/visibility: is only allowed with organization',
    "broken/github-shapes.yaml:8:13: /stores/selected: missing required field 'repositories'",
    "broken/github-shapes.yaml:9:12: /stores/nothing: missing required field 'repository'",
    "broken/github-shapes.yaml:10:3: /stores/bad name!: name 'bad name!' must be a store name: a letter, then up to 63 letters, digits, '_' or '-'",
  ],
  'hostile-strings.yaml': [
    'broken/hostile-strings.yaml:6:11: /serviceUsers/0/name: must be a name of 1 to 256 characters without control or bidirectional-override characters',
    'broken/hostile-strings.yaml:7:18: /serviceUsers/0/description: must be text of at most 4096 characters without control or bidirectional-override characters',
    'broken/hostile-strings.yaml:8:11: /serviceUsers/1/name: must be a name of 1 to 256 characters without control or bidirectional-override characters',
    'broken/hostile-strings.yaml:9:11: /serviceUsers/2/name: must be a name of 1 to 256 characters without control or bidirectional-override characters',
    "broken/hostile-strings.yaml:11:15: /serviceUsers/2/keys/0/name: must be a key name of 1 to 256 characters without '#' (reserved for generations) or control characters",
    "broken/hostile-strings.yaml:13:5: /serviceUsers/3/\\u001b[2Jclear: unknown field '\\u001b[2Jclear'",
    "broken/hostile-strings.yaml:14:5: /serviceUsers/3/__proto__: unknown field '__proto__'",
  ],
  'infoblox-lifetime.yaml': [
    'broken/infoblox-lifetime.yaml:5:24: /defaults/expiresIn: the Infoblox portal lets a key live at most 56 weeks (not 60w); use expiresIn: 56w or less',
    'broken/infoblox-lifetime.yaml:11:37: /serviceUsers/0/keys/2/expiresIn: the Infoblox portal lets a key live at most 56 weeks (never is not allowed); use expiresIn: 56w or less',
    'broken/infoblox-lifetime.yaml:12:38: /serviceUsers/0/keys/3/expiresIn: the Infoblox portal lets a key live at most 56 weeks (not 57w); use expiresIn: 56w or less',
  ],
  'latin1.yaml': ['broken/latin1.yaml:3:22: file is not valid UTF-8'],
  'not-a-manifest.yaml': [
    'broken/not-a-manifest.yaml:1:1: not a keyward manifest: it needs apiVersion: keyward.dev/v1 and kind: ServiceUsers',
  ],
  'root-list.yaml': ['broken/root-list.yaml:1:1: must be a mapping, not a list'],
  'store-refs.yaml': [
    "broken/store-refs.yaml:11:26: /serviceUsers/0/keys/0/secret/store: store 'prodution' is not declared in stores (declared: 'production') (did you mean 'production'?)",
    "broken/store-refs.yaml:16:17: /serviceUsers/0/keys/2/secret: secret 'SHARED' in store 'production' is already the destination of the key at broken/store-refs.yaml:12:9; each key needs its own secret",
  ],
  'syntax-error.yaml': [
    'broken/syntax-error.yaml:8:5: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  'tab-indent.yaml': ['broken/tab-indent.yaml:4:1: YAML syntax error: Tabs are not allowed as indentation'],
  'unknown-fields-deep.yaml': [
    "broken/unknown-fields-deep.yaml:6:50: /stores/ci/enviroment: unknown field 'enviroment' (did you mean 'environment'?)",
    "broken/unknown-fields-deep.yaml:9:5: /serviceUsers/0/descripton: unknown field 'descripton' (did you mean 'description'?)",
    "broken/unknown-fields-deep.yaml:12:9: /serviceUsers/0/keys/0/expiresin: unknown field 'expiresin' (did you mean 'expiresIn'?)",
    "broken/unknown-fields-deep.yaml:13:48: /serviceUsers/0/keys/0/secret/nmae: unknown field 'nmae' (did you mean 'name'?)",
  ],
  'unknown-fields.yaml': [
    "broken/unknown-fields.yaml:4:30: /provider/URL: unknown field 'URL' (did you mean 'url'?)",
    "broken/unknown-fields.yaml:5:29: /defaults/rotatBefore: unknown field 'rotatBefore' (did you mean 'rotateBefore'?)",
    "broken/unknown-fields.yaml:6:1: /serviceUser: unknown field 'serviceUser' (did you mean 'serviceUsers'?)",
  ],
  'utf16.yaml': ['broken/utf16.yaml:1:1: file is UTF-16; save it as UTF-8'],
  'wrong-types.yaml': [
    'broken/wrong-types.yaml:3:19: /metadata/name: must be a name of 1 to 256 characters without control or bidirectional-override characters (found an integer)',
    'broken/wrong-types.yaml:5:8: /prune: must be a boolean, not a string',
    'broken/wrong-types.yaml:8:13: /serviceUsers/0/groups: must be a list, not a string',
    'broken/wrong-types.yaml:10:7: /serviceUsers/0/keys: must be a list, not a mapping',
    'broken/wrong-types.yaml:14:21: /serviceUsers/1/keys/0/generation: must be an integer, not a string',
    'broken/wrong-types.yaml:16:21: /serviceUsers/1/keys/1/generation: must be at least 1',
    'broken/wrong-types.yaml:17:18: /serviceUsers/1/keys/1/overlap: must be a duration like 36h, 14d, 1w2d, 6mo or 1y (units y, mo, w, d, h, min, s) (found an integer)',
  ],
};

describe('broken manifest corpus', () => {
  it('has an expectation for every fixture and a fixture for every expectation', async () => {
    const files = (await readdir(`${fixtures}broken`)).sort();
    expect(files).toEqual(Object.keys(expected).sort());
  });

  for (const [file, lines] of Object.entries(expected)) {
    it(`${file} fails with exactly its problems`, async () => {
      const result = await loadManifests([`broken/${file}`], { env, cwd: fixtures });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const text = formatProblems(result.problems);
      expect(text.split('\n')).toEqual(lines);
      expect(text).not.toMatch(/\n\s+at /);
    });
  }

  it('never repeats a credential-looking value from the manifest', async () => {
    const result = await loadManifests(['broken/credentials.yaml'], { env, cwd: fixtures });
    const text = result.ok ? '' : formatProblems(result.problems);
    for (const value of ['0123456789abcdef', 'ghp_abc', 'literal-value', 'AGE-SECRET-KEY-1Q', 'hunter2', 'from-env']) {
      expect(text).not.toContain(value);
    }
  });

  it('lists problems from several broken files in one answer, sorted by file and position', async () => {
    const result = await loadManifests(
      ['broken/wrong-types.yaml', 'broken/enum-typos.yaml', 'broken/syntax-error.yaml'],
      { env, cwd: fixtures },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.file)).toEqual([
      ...Array<string>(4).fill('broken/enum-typos.yaml'),
      'broken/syntax-error.yaml',
      ...Array<string>(7).fill('broken/wrong-types.yaml'),
    ]);
  });
});
