// Reads what an exec store's describe command printed: `{"state": "absent" | "holds" | "uncertain", ...}` or the older
// `{"present": bool, "keyId"?, "updatedAt"?}`. Errors never quote the output: a careless script may print the secret.
import { userError } from '../../kernel/errors.js';
import type { StoredSecret } from '../../core/ports/secret-store.js';
import { ABSENT, holds, unknownKey } from '../stored.js';

const DESCRIBE_FORMAT =
  '{"state": "absent"} | {"state": "holds", "keyId": "...", "updatedAt"?: ISO time}' +
  ' | {"state": "uncertain", "candidates": ["..."], "updatedAt"?: ISO time}' +
  ' (or {"present": true|false, "keyId"?, "updatedAt"?})';

function problem(detail: string): Error {
  return userError('store.exec.describe-output', `describe command output ${detail}; expected ${DESCRIBE_FORMAT}`);
}

function timeOf(updatedAt: unknown): Date | null {
  if (updatedAt === undefined || updatedAt === null) return null;
  if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt)))
    throw problem('has an "updatedAt" that is not an ISO 8601 time');
  return new Date(updatedAt);
}

function keyIdOf(keyId: unknown): string | null {
  if (keyId === undefined || keyId === null) return null;
  if (typeof keyId !== 'string') throw problem('has a "keyId" that is not a string');
  return keyId === '' ? null : keyId;
}

function fromState(fields: Record<string, unknown>): StoredSecret {
  if (Object.keys(fields).some((field) => !['state', 'keyId', 'candidates', 'updatedAt'].includes(field)))
    throw problem('has an unknown field');
  const at = timeOf(fields.updatedAt);
  if (fields.state === 'absent') return ABSENT;
  if (fields.state === 'holds') {
    const keyId = keyIdOf(fields.keyId);
    if (keyId === null) throw problem('says "holds" without a "keyId"');
    return holds(keyId, at);
  }
  if (fields.state !== 'uncertain') throw problem('has a "state" other than absent, holds or uncertain');
  const { candidates } = fields;
  if (
    candidates !== undefined &&
    (!Array.isArray(candidates) || !candidates.every((c) => typeof c === 'string' && c !== ''))
  ) {
    throw problem('has "candidates" that are not a list of key IDs');
  }
  const list = (candidates ?? []) as string[];
  const reason =
    list.length > 0
      ? 'the describe command reports a write it has not confirmed'
      : 'the describe command cannot tell which key it holds';
  return { state: 'uncertain', candidates: [...new Set(list)], reason, updatedAt: at };
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
  if ('state' in fields) return fromState(fields);
  if (Object.keys(fields).some((field) => !['present', 'keyId', 'updatedAt'].includes(field)))
    throw problem('has an unknown field');
  if (typeof fields.present !== 'boolean') throw problem('lacks a boolean "present"');
  if (!fields.present) return ABSENT;
  const keyId = keyIdOf(fields.keyId);
  const at = timeOf(fields.updatedAt);
  return keyId === null ? unknownKey(at) : holds(keyId, at);
}
