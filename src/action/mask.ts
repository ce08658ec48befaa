// Tells the runner to mask every credential the run can see: the GitHub token and credential-named variables.
// Secrets of created keys never pass through the Action's own code (the core hands them straight to stores).
import { isCredentialName } from '../core/manifest/index.js';
import type { ActionIo } from './types.js';

/** Variables that hold credentials without a credential-like name. */
const ALSO_SECRET = new Set([
  'KEYWARD_AGE_IDENTITY_TEXT',
  'VAULT_ROLE_ID',
  'VAULT_SECRET_ID',
  'GITHUB_APP_PRIVATE_KEY',
]);

/** Masks the token and every non-empty credential-named variable; returns how many values were masked. */
export function maskCredentials(
  io: ActionIo,
  env: Readonly<Record<string, string | undefined>>,
  token: string,
): number {
  const values = new Set<string>();
  if (token) values.add(token);
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 4) continue;
    if (
      isCredentialName(name) ||
      ALSO_SECRET.has(name) ||
      /(^|_)(KEY|TOKEN|SECRET|PASSWORD|PASSPHRASE)(_|$)/i.test(name)
    )
      values.add(value);
  }
  for (const value of values) io.setSecret(value);
  return values.size;
}
