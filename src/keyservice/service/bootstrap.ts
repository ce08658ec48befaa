// First start on an empty database: the All Access role, the Administrators group, and user `admin` holding one key.
// Never stores the bootstrap key, only its hash; never runs twice (an advisory lock and a user count guard it).
import { randomUUID } from 'node:crypto';
import { userError } from '../../kernel/errors.js';
import { Secret } from '../../kernel/secret.js';
import { generateKey, hashKey, isWellFormedKey, keyIdOf } from '../domain/key-material.js';
import { ADMINISTRATORS_GROUP, ALL_ACCESS, ALL_ACCESS_ROLE } from '../domain/permissions.js';
import { countUsers, insertUser } from '../repository/users-repo.js';
import { insertGroup, insertRole } from '../repository/groups-repo.js';
import { insertKey } from '../repository/keys-repo.js';
import { prefixedId } from '../http/ids.js';
import { audit, type KeyServiceContext } from './context.js';

export const BOOTSTRAP_USER = 'admin';
const BOOTSTRAP_EMAIL = 'admin@keyward.local';
const BOOTSTRAP_KEY_NAME = 'bootstrap';
const BOOTSTRAP_LOCK_ID = 4_815_162_343;

export interface BootstrapResult {
  /** Whether this start created the admin user (the database was empty). */
  readonly created: boolean;
  /** The generated key when none was given: the caller shows it once, then drops it. */
  readonly generatedKey?: Secret;
}

/**
 * On an empty database, creates the built-ins and `admin` with `bootstrapKey` (or a generated one).
 * The bootstrap key is interactive and never expires, whatever the policy: it is the way in, rotated by hand.
 */
export async function bootstrap(ctx: KeyServiceContext, bootstrapKey: string | undefined): Promise<BootstrapResult> {
  if (bootstrapKey !== undefined && !isWellFormedKey(bootstrapKey)) {
    throw userError(
      'keyservice.bad-bootstrap-key',
      'KEYWARD_BOOTSTRAP_KEY must be 64 lowercase hex characters (e.g. openssl rand -hex 32)',
    );
  }
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_ID]);
    if ((await countUsers(tx)) > 0) return { created: false };
    const now = ctx.clock.now();
    const key = bootstrapKey ?? generateKey();
    const roleId = randomUUID();
    const groupId = randomUUID();
    const userId = randomUUID();
    await insertRole(tx, roleId, { name: ALL_ACCESS_ROLE, permissions: [ALL_ACCESS] }, now, true);
    await insertGroup(
      tx,
      groupId,
      { name: ADMINISTRATORS_GROUP, description: 'Can do everything', accountAlerts: true, roleIds: [roleId] },
      now,
      true,
    );
    await insertUser(tx, {
      id: userId,
      name: BOOTSTRAP_USER,
      email: BOOTSTRAP_EMAIL,
      type: 'interactive',
      description: 'created at bootstrap',
      groupIds: [groupId],
      at: now,
      by: 'system',
    });
    await insertKey(tx, {
      id: keyIdOf(key),
      hash: hashKey(key),
      name: BOOTSTRAP_KEY_NAME,
      userId,
      type: 'interactive',
      expiresAt: null,
      at: now,
      by: 'system',
    });
    await audit(
      ctx,
      'system',
      {
        action: 'bootstrap',
        target: prefixedId('users', userId),
        outcome: 'success',
        detail: `created user ${BOOTSTRAP_USER} in ${ADMINISTRATORS_GROUP} with key ${prefixedId('apikeys', keyIdOf(key))} (${bootstrapKey === undefined ? 'generated' : 'from KEYWARD_BOOTSTRAP_KEY'})`,
      },
      tx,
    );
    return bootstrapKey === undefined ? { created: true, generatedKey: new Secret(key) } : { created: true };
  });
}
