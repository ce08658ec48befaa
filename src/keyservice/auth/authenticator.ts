// Checks presented keys: VALID / NOT_FOUND / DISABLED / EXPIRED, and turns an Authorization header into a Principal.
// Never logs or stores a presented key; a wrong secret for a known id answers NOT_FOUND, like an unknown id.
import { userError } from '../../kernel/errors.js';
import { isWellFormedKey, keyIdOf, keyMatchesHash } from '../domain/key-material.js';
import { isExpired } from '../domain/key-state.js';
import type { ApiKeyRecord } from '../domain/types.js';
import type { Principal } from '../domain/permissions.js';
import { getKey } from '../repository/keys-repo.js';
import { getUser, permissionsOf } from '../repository/users-repo.js';
import { auditFailure, type KeyServiceContext } from '../service/context.js';
import { sourceOf } from './source.js';
import { prefixedId } from '../http/ids.js';
import type { MatchedKey } from './connection-keys.js';

type VerifyCode = 'VALID' | 'NOT_FOUND' | 'DISABLED' | 'EXPIRED';

export interface KeyCheck {
  readonly code: VerifyCode;
  /** The matching key; absent for NOT_FOUND. */
  readonly record?: ApiKeyRecord;
}

/**
 * Checks a presented key; a VALID key's use is recorded (batched). Synchronous when the key is cached (the hot path).
 * With `connection`, a key that matched there before skips the hash while its cached record is still the current one.
 */
export function checkKey(ctx: KeyServiceContext, key: string, connection?: object): KeyCheck | Promise<KeyCheck> {
  if (connection !== undefined) {
    const known = ctx.connectionKeys.verified(connection, key);
    if (known !== undefined && isCurrent(ctx, known)) return judgeMatched(ctx, known.record);
  }
  if (!isWellFormedKey(key)) return NOT_FOUND;
  const id = keyIdOf(key);
  const cached = ctx.keyCache.get(id);
  if (cached !== undefined) return judgeOn(ctx, key, id, cached.value, connection);
  return getKey(ctx.db, id, ctx.clock.now()).then((found) => {
    const record = found ?? null;
    ctx.keyCache.set(id, record);
    return judgeOn(ctx, key, id, record, connection);
  });
}

const NOT_FOUND: KeyCheck = { code: 'NOT_FOUND' };

/** judge(), remembering a key that matched on `connection` for the next check there. */
function judgeOn(
  ctx: KeyServiceContext,
  key: string,
  id: string,
  record: ApiKeyRecord | null,
  connection: object | undefined,
): KeyCheck {
  const check = judge(ctx, key, record);
  if (connection !== undefined && check.record !== undefined)
    ctx.connectionKeys.rememberVerified(connection, { presented: key, id, record: check.record });
  return check;
}

function judge(ctx: KeyServiceContext, key: string, record: ApiKeyRecord | null): KeyCheck {
  if (record === null || !keyMatchesHash(key, record.hash)) return NOT_FOUND;
  return judgeMatched(ctx, record);
}

/** The state of a key known to match `record`: expired, disabled, or valid (then its use is recorded). */
function judgeMatched(ctx: KeyServiceContext, record: ApiKeyRecord): KeyCheck {
  const now = ctx.clock.now();
  if (isExpired(record, now)) return { code: 'EXPIRED', record };
  if (record.state === 'disabled') return { code: 'DISABLED', record };
  ctx.lastUsed.record(record.id, now);
  return { code: 'VALID', record };
}

/** Whether a remembered match is still for the record the key cache holds (not expired, not invalidated). */
function isCurrent(ctx: KeyServiceContext, known: MatchedKey): boolean {
  return ctx.keyCache.get(known.id)?.value === known.record;
}

function principalFor(ctx: KeyServiceContext, record: ApiKeyRecord): Principal | null | Promise<Principal | null> {
  const cached = ctx.principalCache.get(record.userId);
  if (cached !== undefined) return withKey(cached.value, record);
  return principalOfUser(ctx, record.userId).then((principal) => withKey(principal, record));
}

/** The user and its permissions (null when the user is gone), through the principal cache; sessions use it too. */
export async function principalOfUser(ctx: KeyServiceContext, userId: string): Promise<Principal | null> {
  const cached = ctx.principalCache.get(userId);
  if (cached !== undefined) return cached.value;
  const user = await getUser(ctx.db, userId);
  const principal = user === undefined ? null : { user, permissions: await permissionsOf(ctx.db, user.id) };
  ctx.principalCache.set(userId, principal);
  return principal;
}

function withKey(principal: Principal | null, record: ApiKeyRecord): Principal | null {
  return principal === null || principal.keyId === record.id ? principal : { ...principal, keyId: record.id };
}

const TOKEN = /^Token\s+(\S+)\s*$/i;

/**
 * The caller behind `Authorization: Token <key>`, or a 401 saying why (counted per source address, audited in
 * aggregate), or a 429 once the source has failed too often. Synchronous when cached; a cached valid key never meets
 * the limiter, and its source is not even worked out (auth/source.ts runs on the other paths only). With `connection`,
 * the same header sent again on it skips parsing and hashing while the key's and user's cache entries are unchanged.
 */
export function authenticate(
  ctx: KeyServiceContext,
  header: string | undefined,
  remoteAddress?: string,
  connection?: object,
): Principal | Promise<Principal> {
  if (connection !== undefined && header !== undefined) {
    const known = ctx.connectionKeys.caller(connection, header);
    const stillValid =
      known !== undefined &&
      isCurrent(ctx, known) &&
      ctx.principalCache.get(known.record.userId)?.value === known.base &&
      judgeMatched(ctx, known.record).code === 'VALID';
    if (stillValid) return known.principal;
  }
  const token = header === undefined ? undefined : TOKEN.exec(header)?.[1];
  if (token === undefined) {
    const source = sourceOf(remoteAddress);
    refuseIfBlocked(ctx, source);
    failed(ctx, source, 'missing credentials', 'MISSING');
    throw userError('unauthenticated', 'missing credentials: send Authorization: Token <api key>');
  }
  const cached = cachedCheck(ctx, token);
  if (cached !== undefined && cached.code === 'VALID' && cached.record) {
    const principal = principalFor(ctx, cached.record);
    if (principal !== null && !(principal instanceof Promise)) {
      if (connection !== undefined && header !== undefined)
        rememberCaller(ctx, connection, header, token, cached.record, principal);
      return principal;
    }
    return authenticateSlowly(ctx, cached, sourceOf(remoteAddress));
  }
  const source = sourceOf(remoteAddress);
  refuseIfBlocked(ctx, source);
  return authenticateSlowly(ctx, cached ?? checkKey(ctx, token), source);
}

function rememberCaller(
  ctx: KeyServiceContext,
  connection: object,
  header: string,
  token: string,
  record: ApiKeyRecord,
  principal: Principal,
): void {
  const base = ctx.principalCache.get(record.userId)?.value;
  if (base === undefined || base === null) return;
  ctx.connectionKeys.rememberCaller(connection, { presented: header, id: keyIdOf(token), record, base, principal });
}

/** The check of a well-formed key whose record is cached, or undefined when answering needs storage. */
function cachedCheck(ctx: KeyServiceContext, key: string): KeyCheck | undefined {
  if (!isWellFormedKey(key)) return NOT_FOUND;
  const cached = ctx.keyCache.get(keyIdOf(key));
  return cached === undefined ? undefined : judge(ctx, key, cached.value);
}

function refuseIfBlocked(ctx: KeyServiceContext, source: string): void {
  const ms = ctx.authFailures.blockedFor(source);
  if (ms === 0) return;
  failed(ctx, source, 'refused while rate-limited', 'RATE_LIMITED');
  throw ctx.authFailures.refusal(ms);
}

function failed(ctx: KeyServiceContext, source: string, target: string, code: string): void {
  ctx.authFailures.fail(source);
  auditFailure(ctx, null, { action: 'auth.sign_in', target, outcome: 'failure', detail: code, source });
}

async function authenticateSlowly(
  ctx: KeyServiceContext,
  pending: KeyCheck | Promise<KeyCheck>,
  source: string,
): Promise<Principal> {
  const check = await pending;
  const principal = check.code === 'VALID' && check.record ? await principalFor(ctx, check.record) : null;
  if (principal === null) {
    failed(ctx, source, check.record ? prefixedId('apikeys', check.record.id) : 'unknown key', check.code);
    const why = check.code === 'VALID' ? 'NOT_FOUND' : check.code;
    throw userError('unauthenticated', `the API key is not valid (${why.toLowerCase().replace('_', ' ')})`);
  }
  return principal;
}
