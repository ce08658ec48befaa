// Checks presented keys: VALID / NOT_FOUND / DISABLED / EXPIRED, and turns an Authorization header into a Principal.
// Never logs or stores a presented key; a wrong secret for a known id answers NOT_FOUND, like an unknown id.
import { userError } from '../../core/errors.js';
import { isWellFormedKey, keyIdOf, keyMatchesHash } from '../domain/key-material.js';
import { isExpired } from '../domain/key-state.js';
import type { ApiKeyRecord } from '../domain/types.js';
import type { Principal } from '../domain/permissions.js';
import { getKey } from '../repository/keys-repo.js';
import { getUser, permissionsOf } from '../repository/users-repo.js';
import { audit, type KeyServiceContext } from '../service/context.js';
import { prefixedId } from '../http/ids.js';

export type VerifyCode = 'VALID' | 'NOT_FOUND' | 'DISABLED' | 'EXPIRED';

export interface KeyCheck {
  readonly code: VerifyCode;
  /** The matching key; absent for NOT_FOUND. */
  readonly record?: ApiKeyRecord;
}

async function keyRecord(ctx: KeyServiceContext, id: string): Promise<ApiKeyRecord | null> {
  const cached = ctx.keyCache.get(id);
  if (cached !== undefined) return cached.value;
  const record = (await getKey(ctx.db, id, ctx.clock.now())) ?? null;
  ctx.keyCache.set(id, record);
  return record;
}

/** Checks a presented key; a VALID key's use is recorded (batched). */
export async function checkKey(ctx: KeyServiceContext, key: string): Promise<KeyCheck> {
  if (!isWellFormedKey(key)) return { code: 'NOT_FOUND' };
  const record = await keyRecord(ctx, keyIdOf(key));
  if (record === null || !keyMatchesHash(key, record.hash)) return { code: 'NOT_FOUND' };
  const now = ctx.clock.now();
  if (isExpired(record, now)) return { code: 'EXPIRED', record };
  if (record.state === 'disabled') return { code: 'DISABLED', record };
  ctx.lastUsed.record(record.id, now);
  return { code: 'VALID', record };
}

async function principalFor(ctx: KeyServiceContext, record: ApiKeyRecord): Promise<Principal | null> {
  const cached = ctx.principalCache.get(record.userId);
  let principal = cached?.value;
  if (cached === undefined) {
    const user = await getUser(ctx.db, record.userId);
    principal = user === undefined ? null : { user, permissions: await permissionsOf(ctx.db, user.id), keyId: record.id };
    ctx.principalCache.set(record.userId, principal);
  }
  return principal === null || principal === undefined ? null : { ...principal, keyId: record.id };
}

const TOKEN = /^Token\s+(\S+)\s*$/i;

/** The caller behind `Authorization: Token <key>`, or a 401 (audited) saying why. */
export async function authenticate(ctx: KeyServiceContext, header: string | undefined): Promise<Principal> {
  const token = header === undefined ? undefined : TOKEN.exec(header)?.[1];
  if (token === undefined) {
    throw userError('unauthenticated', 'missing credentials: send Authorization: Token <api key>');
  }
  const check = await checkKey(ctx, token);
  const principal = check.code === 'VALID' && check.record ? await principalFor(ctx, check.record) : null;
  if (principal === null) {
    const target = check.record ? prefixedId('apikeys', check.record.id) : 'unknown key';
    await audit(ctx, null, { action: 'auth.sign_in', target, outcome: 'failure', detail: check.code });
    const why = check.code === 'VALID' ? 'NOT_FOUND' : check.code;
    throw userError('unauthenticated', `the API key is not valid (${why.toLowerCase().replace('_', ' ')})`);
  }
  return principal;
}
