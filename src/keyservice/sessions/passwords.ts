// Password hashing (argon2id, OWASP parameters) and the password rules the set-password page must meet.
// Never logs, stores or echoes a password; only its argon2id hash reaches storage.
import { userError } from '../../kernel/errors.js';
import type { User } from '../domain/types.js';

/** argon2id (algorithm 2), 19 MiB, 2 passes, 1 lane: the OWASP minimum recommendation. */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const MIN_PASSWORD = 12;
const MAX_PASSWORD = 256;

/** The native argon2 binding, loaded with the first password: a server whose users only send API keys never maps it. */
const argon2 = () => import('@node-rs/argon2');

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, OPTIONS);
}

/** A hash (same parameters) checked when the user is unknown or has no password, so timing does not tell. */
const DECOY = '$argon2id$v=19$m=19456,t=2,p=1$afDv2uA5/Vetni80G/Vrpg$dwHgcoQPVyxRs/k29of5HxpjYI9eI75CIt3RPyVeA/I';

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  const { verify } = await argon2();
  if (stored === undefined) {
    await verify(DECOY, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** Throws a 400 naming the rule a new password breaks. */
export function checkNewPassword(password: unknown, user: Pick<User, 'name' | 'email'>): string {
  if (typeof password !== 'string') throw userError('bad_request', 'password: must be a string');
  const length = [...password].length;
  if (length < MIN_PASSWORD) throw userError('bad_request', `password: must be at least ${MIN_PASSWORD} characters`);
  if (length > MAX_PASSWORD) throw userError('bad_request', `password: must be at most ${MAX_PASSWORD} characters`);
  const lower = password.toLowerCase();
  if (lower === user.name.toLowerCase() || (user.email !== null && lower === user.email.toLowerCase())) {
    throw userError('bad_request', 'password: must not be the user name or e-mail address');
  }
  return password;
}
