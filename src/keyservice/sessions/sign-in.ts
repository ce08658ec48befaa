// Signing in: by password (argon2id, rate-limited per account and source) or by a verified OpenID e-mail; both
// create a stored session and are audited. Never says whether an account exists, never records a password.
import { userError } from '../../kernel/errors.js';
import type { User } from '../domain/types.js';
import type { Principal } from '../domain/permissions.js';
import { principalOfUser } from '../auth/authenticator.js';
import { getUserByName, USERS_BASE } from '../repository/users-repo.js';
import { toUser, type UserRow } from '../repository/rows.js';
import { audit } from '../service/context.js';
import { prefixedId } from '../http/ids.js';
import type { PortalContext } from './portal-context.js';
import { passwordHashOf } from './credentials-repo.js';
import { verifyPassword } from './passwords.js';
import type { OidcIdentity } from './oidc.js';
import { accountOf, checkRateLimit, clearAccountFailures, recordFailure } from './rate-limit.js';
import { insertSession, pruneSessions, type SignInMethod } from './session-store.js';
import type { SignedIn } from './session-auth.js';
import { newToken } from './tokens.js';

/** The seed's words (001): why a service user cannot sign in. */
const SERVICE_USER_REFUSAL =
  'Service users are not allowed to sign in to the portal. ' +
  'They are service accounts that are used by applications to access the portal through the API.';
const WRONG = 'wrong user name or password';

/** The one user whose name is `login`, else the one interactive user whose e-mail is `login` (case-insensitive). */
async function findLoginUser(p: PortalContext, login: string): Promise<User | undefined> {
  const byName = await getUserByName(p.ctx.db, login);
  if (byName !== undefined) return byName;
  return userByEmail(p, login);
}

/** The one user with this e-mail (case-insensitive); undefined when none or several share it. */
async function userByEmail(p: PortalContext, email: string): Promise<User | undefined> {
  const rows = await p.ctx.db.query<UserRow>(`${USERS_BASE} WHERE lower(u.email) = lower($1) LIMIT 2`, [email]);
  return rows.length === 1 && rows[0] !== undefined ? toUser(rows[0]) : undefined;
}

export async function signInWithPassword(
  p: PortalContext,
  login: string,
  password: string,
  source: string,
): Promise<SignedIn> {
  const { ctx, settings } = p;
  const account = accountOf(login);
  const now = ctx.clock.now();
  const failed = async (user: User | undefined, why: string) => {
    await recordFailure(ctx.db, settings.rateLimit, account, source, now);
    await audit(ctx, null, {
      action: 'auth.sign_in',
      target: user ? prefixedId('users', user.id) : account,
      outcome: 'failure',
      detail: `password: ${why}; from ${source}`,
    });
  };
  try {
    await checkRateLimit(ctx.db, settings.rateLimit, account, source, now);
  } catch (err) {
    await audit(ctx, null, {
      action: 'auth.sign_in',
      target: account,
      outcome: 'denied',
      detail: `password: rate limited; from ${source}`,
    });
    throw err;
  }
  const user = await findLoginUser(p, login.trim());
  if (user?.type === 'service') {
    await failed(user, 'service users cannot sign in');
    throw userError('forbidden', SERVICE_USER_REFUSAL);
  }
  const good = await verifyPassword(user === undefined ? undefined : await passwordHashOf(ctx.db, user.id), password);
  if (!good || user === undefined) {
    await failed(user, user === undefined ? 'no such user' : 'wrong password or no password set');
    throw userError('unauthenticated', WRONG);
  }
  await clearAccountFailures(ctx.db, account);
  return startSession(p, user, 'password', source);
}

/** Creates the session of a user whose identity has been checked, and audits the sign-in. */
async function startSession(p: PortalContext, user: User, method: SignInMethod, source: string): Promise<SignedIn> {
  const { ctx, settings } = p;
  const now = ctx.clock.now();
  const principal: Principal | null = await principalOfUser(ctx, user.id);
  if (principal === null) throw userError('unauthenticated', WRONG);
  await pruneSessions(ctx.db, now, settings.idleMs);
  const token = newToken();
  const session = await insertSession(ctx.db, token, user.id, method, now, settings.maxMs);
  await audit(ctx, principal, {
    action: 'auth.sign_in',
    target: prefixedId('users', user.id),
    outcome: 'success',
    detail: `${method}; from ${source}`,
  });
  return { principal: { ...principal, sessionHash: session.hash }, session, token };
}

/** Why an OpenID sign-in was refused: the code the page shows a sentence for (docs/portal-api.md). */
export type OidcRefusal = 'oidc_no_user' | 'oidc_service_user' | 'oidc_email_unverified';

/** Signs in the interactive user whose e-mail the provider vouches for, or names why not (audited either way). */
export async function signInWithOidc(
  p: PortalContext,
  identity: OidcIdentity,
  source: string,
): Promise<SignedIn | OidcRefusal> {
  const refuse = async (code: OidcRefusal, target: string) => {
    await audit(p.ctx, null, {
      action: 'auth.sign_in',
      target,
      outcome: 'failure',
      detail: `oidc: ${code}; from ${source}`,
    });
    return code;
  };
  if (identity.email === null) return refuse('oidc_no_user', 'unknown e-mail');
  if (identity.emailVerified === false) return refuse('oidc_email_unverified', identity.email);
  const user = await userByEmail(p, identity.email);
  if (user === undefined) return refuse('oidc_no_user', identity.email);
  if (user.type === 'service') return refuse('oidc_service_user', prefixedId('users', user.id));
  return startSession(p, user, 'oidc', source);
}
