// The ibPS habit: PATCH may carry the whole object back; read-only fields are accepted when unchanged.
// Never lets a changed read-only field through silently: that is a 400 naming the field.
import { userError } from '../../kernel/errors.js';
import { parseStoredInstant, quoteUserText } from '../query/index.js';
import type { Body } from './input.js';

export interface PatchFields {
  /** Fields the PATCH may change. */
  readonly mutable: readonly string[];
  /** Fields that must equal the current value when sent. */
  readonly readOnly: readonly string[];
  /** Read-only fields that move on their own (updated_at, last_used_at): accepted with any value, ignored. */
  readonly volatile: readonly string[];
}

/** Checks read-only fields against `current` (the object as the API shows it) and rejects unknown fields. */
export function checkPatch(body: Body, current: Readonly<Record<string, unknown>>, fields: PatchFields): void {
  const allowed = [...fields.mutable, ...fields.readOnly, ...fields.volatile];
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field)) {
      throw userError('bad_request', `body: unknown field ${quoteUserText(field)}; allowed: ${allowed.join(', ')}`);
    }
    if (fields.readOnly.includes(field) && !sameValue(body[field], current[field])) {
      throw userError(
        'bad_request',
        `body.${field}: is read-only and differs from the current value; leave it out or send it unchanged`,
      );
    }
  }
}

function normalize(value: unknown): unknown {
  if (typeof value === 'string') {
    const at = parseStoredInstant(value);
    if (at !== null) return at.getTime();
    // Ids compare bare and case-insensitively: `identity/users/<uuid>` equals `<uuid>`.
    const bare = value.replace(/^identity\/[a-z]+\//, '');
    return /^[0-9a-fA-F-]{32,36}$/.test(bare) ? bare.toLowerCase() : value;
  }
  if (Array.isArray(value))
    return value
      .map(normalize)
      .map((v) => JSON.stringify(v))
      .sort();
  return value;
}

function sameValue(sent: unknown, current: unknown): boolean {
  return JSON.stringify(normalize(sent)) === JSON.stringify(normalize(current));
}
