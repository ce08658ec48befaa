// Small pure facts the planning rules share: effective key state, delivery, delivery time, action ids.
// Reads only its arguments (never the clock); holds no secrets.
import type { Expiry } from '../desired.js';
import type { RemoteKey } from '../ports/key-driver.js';
import { parseRemoteKeyName } from '../key-names.js';
import { mayHold } from '../ports/secret-store.js';
import type { MatchedSecret } from './match.js';
import type { Action, KeyTarget, Notice, NoOpAction, UserAction } from './types.js';

export type EffectiveState = 'enabled' | 'disabled' | 'expired';

/** A key past its expires_at is expired whatever its stored state says (the key service reads it so). */
export function effectiveState(key: RemoteKey, now: Date): EffectiveState {
  if (key.state === 'expired') return 'expired';
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return key.state;
}

/** Every store of the key confirms it holds `keyId` (vacuously true for a key with no stores); uncertain is not. */
export function isDelivered(secrets: readonly MatchedSecret[], keyId: string): boolean {
  return secrets.every((s) => s.stored.state === 'holds' && s.stored.keyId === keyId);
}

/** The secret refs whose store holds or may hold `keyId` (uncertain counts: a candidate is never retired). */
export function holders(secrets: readonly MatchedSecret[], keyId: string): readonly MatchedSecret[] {
  return secrets.filter((s) => mayHold(s.stored, keyId));
}

/** Words for what one store holds (key IDs only), e.g. `ci/DEPLOY holds deploy#2 (id k2)`. */
export function storeWords(secret: MatchedSecret, nameOf: (keyId: string) => string): string {
  const where = `${secret.ref.store}/${secret.ref.name}`;
  const s = secret.stored;
  if (s.state === 'absent') return `${where} holds nothing`;
  if (s.state === 'holds') return `${where} holds ${nameOf(s.keyId)}`;
  const may =
    s.candidates.length > 0 ? `may hold ${s.candidates.map(nameOf).join(' or ')}` : 'holds a key it cannot name';
  return `${where} ${may} (${s.reason})`;
}

/**
 * Why a consumer might still use `key`, or null when none might: it is enabled and a store holds or may hold it,
 * or it was used within the idle window. An expired or disabled key authenticates nobody.
 */
export function inUse(key: RemoteKey, secrets: readonly MatchedSecret[], now: Date, idleMs: number): string | null {
  const state = effectiveState(key, now);
  if (state !== 'enabled') return null;
  const held = holders(secrets, key.id).map((s) => `${s.ref.store}/${s.ref.name}`);
  if (held.length > 0) return `${held.join(', ')} hold${held.length === 1 ? 's' : ''} or may hold it`;
  if (key.lastUsedAt !== null && now.getTime() - key.lastUsedAt.getTime() < idleMs) {
    return `it was used at ${iso(key.lastUsedAt)}, within the ${formatMs(idleMs)} idle window`;
  }
  return null;
}

/** Why disabling or deleting `key` is not destructive, for a key no consumer might use (see inUse). */
export function harmless(key: RemoteKey, now: Date): string {
  const state = effectiveState(key, now);
  if (state === 'expired')
    return `not destructive: expired${key.expiresAt ? ` at ${iso(key.expiresAt)}` : ''}, it authenticates nobody`;
  if (state === 'disabled') return `not destructive: disabled since ${iso(key.updatedAt)}, it authenticates nobody`;
  const used =
    key.lastUsedAt === null ? 'was never used' : `was last used at ${iso(key.lastUsedAt)}, outside the idle window`;
  return `not destructive: no store holds or may hold it and it ${used}`;
}

/**
 * When a delivered key reached its consumers: the latest store updatedAt over its stores (delivery completes
 * with the last store), falling back to the key's created_at for a store that records no time or a key with no store.
 */
export function deliveryTime(secrets: readonly MatchedSecret[], key: RemoteKey): Date {
  let latest = key.createdAt.getTime();
  let any = false;
  for (const s of secrets) {
    const t =
      s.stored.state !== 'absent' && s.stored.updatedAt ? s.stored.updatedAt.getTime() : key.createdAt.getTime();
    latest = any ? Math.max(latest, t) : t;
    any = true;
  }
  return new Date(latest);
}

export function expiresAtFor(expiry: Expiry, now: Date): string | null {
  if (expiry.kind === 'never') return null;
  if (expiry.kind === 'at') return expiry.at.toISOString();
  return new Date(now.getTime() + expiry.ms).toISOString();
}

export function targetOf(key: RemoteKey): KeyTarget {
  const parsed = parseRemoteKeyName(key.name);
  return { keyId: key.id, remoteName: key.name, keyName: parsed.name, generation: parsed.generation };
}

export function actionId(kind: Action['kind'], scope: string, user: string, subject: string): string {
  // join makes one flat string; a template literal keeps a tree of five pieces (about four times the memory for the
  // 100,000 no-op entries of a large plan, bench/plan).
  return [kind, ' ', scope, '/', user, '/', subject].join('');
}

export function iso(date: Date): string {
  return date.toISOString();
}

export function formatMs(ms: number): string {
  const day = 86_400_000;
  if (ms % day === 0) return `${ms / day}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 1000)}s`;
}

/** What one rule contributes to a plan. */
export interface RuleOutput {
  readonly actions: UserAction[];
  readonly notices: Notice[];
  readonly unchanged: NoOpAction[];
}

export function emptyOutput(): RuleOutput {
  return { actions: [], notices: [], unchanged: [] };
}

/** Where a key's rules run: the scope, the service user and its remote id (null until created), the time, options. */
export interface KeyContext {
  readonly scope: string;
  readonly serviceUser: string;
  readonly userId: string | null;
  readonly now: Date;
  readonly forceRetire: boolean;
  readonly orphanGraceMs: number;
  /** Every key ID on the scope's key API listing (a stored key not among them verifies nothing). */
  readonly knownKeyIds: ReadonlySet<string>;
}

/** A remote key's display name with its id, e.g. `deploy#2 (id k2)`. */
export function named(key: RemoteKey): string {
  return `${key.name} (id ${key.id})`;
}
