// age identities for the file store: load them from KEYWARD_AGE_IDENTITY (a path, or the key itself) and generate new
// ones.
// An identity is a secret: no error, event or message here may ever contain an identity line or a part of one.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { userError } from '../../kernel/errors.js';
import { messageOf } from '../store-error.js';

export const IDENTITY_ENV = 'KEYWARD_AGE_IDENTITY';

/** Identity lines (`AGE-SECRET-KEY-1...`), never printable: hold them only long enough to decrypt. */
export interface AgeIdentities {
  readonly lines: readonly string[];
  /** Where they came from, for messages: a file path, or the variable's name when it held the key itself. */
  readonly origin: string;
}

const IDENTITY_PREFIX = /^AGE-SECRET-KEY-(PQ-)?1/;

/**
 * Parses an age identity file: one identity per line; blank lines and `#` comments allowed (age-keygen's format).
 * Problems name the line number only, never its content.
 */
export async function parseIdentityText(text: string, origin: string): Promise<AgeIdentities> {
  const lines: string[] = [];
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i += 1) {
    const line = (rows[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!IDENTITY_PREFIX.test(line)) {
      throw userError(
        'store.file.identity-invalid',
        `${origin}:${i + 1}: not an age identity (expected a line starting AGE-SECRET-KEY-1)`,
      );
    }
    try {
      await identityToRecipient(line);
    } catch {
      // age's own message quotes the key; ours never does.
      throw userError(
        'store.file.identity-invalid',
        `${origin}:${i + 1}: malformed age identity (bad encoding or checksum)`,
      );
    }
    lines.push(line);
  }
  if (lines.length === 0) throw userError('store.file.identity-invalid', `${origin}: holds no age identity`);
  return { lines, origin };
}

/**
 * Loads the identities named by KEYWARD_AGE_IDENTITY: a path to an identity file (relative paths resolve against the
 * working directory), or the identity itself when the value starts with AGE-SECRET-KEY- (handy for CI secrets).
 * Returns null when the variable is unset or empty.
 */
export async function loadIdentities(env: Readonly<Record<string, string | undefined>>): Promise<AgeIdentities | null> {
  const value = env[IDENTITY_ENV]?.trim();
  if (value === undefined || value === '') return null;
  if (IDENTITY_PREFIX.test(value)) return parseIdentityText(value, IDENTITY_ENV);
  const path = resolve(value);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw userError(
      'store.file.identity-unreadable',
      `${IDENTITY_ENV}=${path}: cannot read the age identity file: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return parseIdentityText(text, path);
}

export interface GeneratedIdentity {
  /** `AGE-SECRET-KEY-1...`: a secret, store it with mode 0600. */
  readonly identity: string;
  /** `age1...`: public, goes into the store's `recipients`. */
  readonly recipient: string;
}

/** A new X25519 age identity (readable by every age implementation, including age 1.0/1.1) and its recipient. */
export async function generateAgeIdentity(): Promise<GeneratedIdentity> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The identity as an age-keygen style file: comments with the creation time and public key, then the key. */
export function formatIdentityFile(generated: GeneratedIdentity, createdAt: Date): string {
  return `# created: ${createdAt.toISOString()}\n# public key: ${generated.recipient}\n${generated.identity}\n`;
}
