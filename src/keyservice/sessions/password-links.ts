// One-time set-password links: issued by administrators (shown to them, e-mailed when SMTP is set), used once.
// Never stores or logs a link token or a password; a used, revoked or expired link is refused in the same words.
import { userError } from '../../kernel/errors.js';
import { Secret } from '../../kernel/secret.js';
import { ALL_ACCESS, actorName, type Principal } from '../domain/permissions.js';
import type { User } from '../domain/types.js';
import { getUser } from '../repository/users-repo.js';
import { audit } from '../service/context.js';
import { guard } from '../service/guard.js';
import { prefixedId } from '../http/ids.js';
import type { PortalContext } from './portal-context.js';
import { consumePasswordLink, insertPasswordLink, storePasswordHash } from './credentials-repo.js';
import { sendPasswordLink } from './link-mail.js';
import { checkNewPassword, hashPassword } from './passwords.js';
import { deleteUserSessions } from './session-store.js';
import { isWellFormedToken, newToken } from './tokens.js';

export interface IssuedLink {
  readonly user: User;
  /** `<base>/set-password#token=...`: shown to the administrator once. */
  readonly url: Secret;
  readonly expiresAt: Date;
}

/** Stores a new link for an interactive user (older links of that user stop working). `by` is the audit actor. */
export async function createPasswordLink(
  p: PortalContext,
  user: User,
  by: Principal | 'system',
  base: string,
): Promise<IssuedLink> {
  if (user.type !== 'interactive')
    throw userError('bad_request', 'user_id: service users cannot sign in, so they have no password');
  const now = p.ctx.clock.now();
  const expiresAt = new Date(now.getTime() + p.settings.linkTtlMs);
  const token = newToken();
  await insertPasswordLink(p.ctx.db, token, user.id, by === 'system' ? 'system' : actorName(by.user), now, expiresAt);
  await audit(p.ctx, by, {
    action: 'auth.password_link',
    target: prefixedId('users', user.id),
    outcome: 'success',
    detail: `valid until ${expiresAt.toISOString()}`,
  });
  return { user, url: new Secret(`${base}/set-password#token=${token}`), expiresAt };
}

/** The administrator's call: needs `*`; e-mails the link when SMTP is configured and the user has an address. */
export async function issuePasswordLink(
  p: PortalContext,
  caller: Principal,
  userId: string,
  base: string,
): Promise<IssuedLink & { readonly emailed: boolean }> {
  const target = prefixedId('users', userId);
  await guard(p.ctx, caller, ALL_ACCESS, 'issuing a set-password link', target);
  const user = await getUser(p.ctx.db, userId);
  if (user === undefined) throw userError('not_found', `user ${target} not found`);
  const link = await createPasswordLink(p, user, caller, base);
  if (p.settings.smtp === null || user.email === null) return { ...link, emailed: false };
  try {
    await sendPasswordLink(p.settings.smtp, {
      to: user.email,
      userName: user.name,
      url: link.url.reveal(),
      expiresAt: link.expiresAt,
    });
    return { ...link, emailed: true };
  } catch (err) {
    p.ctx.log(
      `e-mailing a set-password link to ${target} failed (the administrator still has the link): ${reason(err)}`,
    );
    return { ...link, emailed: false };
  }
}

const USED = 'this set-password link is not valid any more; ask an administrator for a new one';

/** Uses up a link and sets the password; all of the user's sessions end. A bad password leaves the link usable. */
export async function setPasswordWithLink(p: PortalContext, token: unknown, password: unknown): Promise<User> {
  if (typeof token !== 'string' || !isWellFormedToken(token)) throw userError('bad_request', USED);
  const { ctx } = p;
  const user = await ctx.db.transaction(async (tx) => {
    const userId = await consumePasswordLink(tx, token, ctx.clock.now());
    const found = userId === undefined ? undefined : await getUser(tx, userId);
    if (found === undefined || found.type !== 'interactive') throw userError('bad_request', USED);
    // Inside the transaction: a refused password rolls back and the link stays usable.
    const accepted = checkNewPassword(password, found);
    await storePasswordHash(tx, found.id, await hashPassword(accepted), ctx.clock.now());
    await deleteUserSessions(tx, found.id);
    return found;
  });
  await audit(ctx, null, {
    action: 'auth.set_password',
    target: prefixedId('users', user.id),
    outcome: 'success',
    detail: 'with a set-password link',
  });
  return user;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
