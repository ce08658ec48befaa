// Credentials never live in manifests: refuses credential-named fields and values that look like real secrets.
// Messages name the field and point to the environment; they never repeat the offending value.
import { pathOf, quote } from './problems.js';

export interface CredentialFinding {
  readonly path: string;
  /** The field itself was found (position at its name) rather than a value. */
  readonly isField: boolean;
  readonly message: string;
}

const CREDENTIAL_FIELDS = new Set([
  'apikey',
  'apitoken',
  'token',
  'accesstoken',
  'authtoken',
  'bearertoken',
  'refreshtoken',
  'password',
  'passwd',
  'passphrase',
  'secretkey',
  'privatekey',
  'clientsecret',
  'secretvalue',
  'secretaccesskey',
  'credential',
  'credentials',
  'authorization',
  'identity',
  'identities',
  'ageidentity',
  'value',
]);
const CREDENTIAL_SUFFIXES = ['token', 'password', 'apikey', 'secret', 'privatekey', 'passphrase'];

const SECRET_VALUES: ReadonlyArray<readonly [RegExp, string]> = [
  [/AGE-SECRET-KEY-1[0-9A-Z]{20,}/, 'an age identity (private key)'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}/, 'a GitHub token'],
  [/\bhv[sbr]\.[A-Za-z0-9_-]{20,}/, 'a Vault token'],
  [/^[0-9a-f]{64}$/, 'an API key'],
];

const ENV_ONLY = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** Whether a field name reads like a credential (`apiKey`, `api_key`, `GITHUB_TOKEN`, `clientSecret`). */
export function isCredentialName(name: string): boolean {
  const normal = name.toLowerCase().replace(/[-_.\s]/g, '');
  if (normal === 'secret' || normal === 'secrets') return false;
  return CREDENTIAL_FIELDS.has(normal) || CREDENTIAL_SUFFIXES.some((suffix) => normal.endsWith(suffix));
}

/**
 * Walks a document's raw value (before ${ENV} substitution). Names of user-named maps (store names, exec env names)
 * are not fields; an exec env entry named like a credential is allowed only as a pure `${VAR}` pass-through.
 */
export function findCredentials(root: unknown): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  // Field names repeat (name, keys, expiresIn...): each is judged once per document.
  const judged = new Map<string, boolean>();
  const credentialName = (name: string): boolean => {
    let is = judged.get(name);
    if (is === undefined) judged.set(name, (is = isCredentialName(name)));
    return is;
  };
  walk(root, [], findings, credentialName);
  return findings;
}

/**
 * `at` is the path as segments, turned into a pointer only for a finding: a document of 100 keys has thousands of
 * values, and building a pointer for each was most of this walk's time and garbage.
 */
function walk(
  value: unknown,
  at: Array<string | number>,
  findings: CredentialFinding[],
  credentialName: (name: string) => boolean,
): void {
  if (typeof value === 'string') {
    const hit = SECRET_VALUES.find(([pattern]) => pattern.test(value));
    if (hit)
      findings.push({
        path: pathOf(at),
        isField: false,
        message: `this looks like ${hit[1]}; credentials never live in manifests, they come from the environment`,
      });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      at.push(i);
      walk(item, at, findings, credentialName);
      at.pop();
    }
    return;
  }
  const execEnv = isExecEnv(at);
  const userNamed = isStoresMap(at) || execEnv;
  for (const [name, child] of Object.entries(value)) {
    at.push(name);
    if (userNamed) {
      if (execEnv && credentialName(name) && !(typeof child === 'string' && ENV_ONLY.test(child))) {
        findings.push({
          path: pathOf(at),
          isField: false,
          message: `${quote(name)} looks like a credential: pass it through from the environment as \${${envName(name)}}, never as a literal`,
        });
      }
      walk(child, at, findings, credentialName);
    } else if (credentialName(name)) {
      findings.push({
        path: pathOf(at),
        isField: true,
        message:
          'credentials never live in manifests; they come from the environment (see docs/manifest.md#credentials)',
      });
    } else {
      walk(child, at, findings, credentialName);
    }
    at.pop();
  }
}

/** `/stores`: its keys are store names the user chose. */
function isStoresMap(at: ReadonlyArray<string | number>): boolean {
  return at.length === 1 && at[0] === 'stores';
}

/** `/stores/<name>/env`: its keys are environment variable names the user chose. */
function isExecEnv(at: ReadonlyArray<string | number>): boolean {
  return at.length === 3 && at[0] === 'stores' && at[1] !== '' && at[2] === 'env';
}

function envName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'VAR';
}
