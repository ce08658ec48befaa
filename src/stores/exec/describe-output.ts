// Reads what an exec store's describe command printed: `{"present": bool, "keyId"?: string, "updatedAt"?: string}`.
// Problems never quote the output: a careless script might have printed the secret itself.
import { userError } from '../../kernel/errors.js';
import type { StoredSecret } from '../../core/ports/secret-store.js';
import { ABSENT, holds, unknownKey } from '../stored.js';

function problem(detail: string): Error {
  return userError('store.exec.describe-output', `describe command output ${detail}; expected {"present": true|false, "keyId"?: string, "updatedAt"?: ISO time}`);
}

export function parseDescribeOutput(stdout: string): StoredSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw problem('is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem('is not a JSON object');
  const fields = parsed as Record<string, unknown>;
  // Unknown fields are refused but not named: the name itself could be anything the script printed.
  if (Object.keys(fields).some((field) => !['present', 'keyId', 'updatedAt'].includes(field))) throw problem('has an unknown field');
  if (typeof fields.present !== 'boolean') throw problem('lacks a boolean "present"');
  if (!fields.present) return ABSENT;
  const { keyId, updatedAt } = fields;
  if (keyId !== undefined && keyId !== null && typeof keyId !== 'string') throw problem('has a "keyId" that is not a string');
  if (updatedAt !== undefined && updatedAt !== null && (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt)))) {
    throw problem('has an "updatedAt" that is not an ISO 8601 time');
  }
  const at = typeof updatedAt === 'string' ? new Date(updatedAt) : null;
  return typeof keyId === 'string' ? holds(keyId, at) : unknownKey(at);
}
