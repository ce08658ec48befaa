// The file store's plaintext: a JSON object { "<SECRET_NAME>": { value, keyId, updatedAt } }, age-encrypted.
// Decrypts, validates and re-encrypts it; errors never quote the plaintext (it holds secrets) — only JSON paths.
import { Decrypter, Encrypter, armor } from 'age-encryption';
import { userError } from '../../kernel/errors.js';
import { messageOf, redact } from '../store-error.js';
import type { AgeIdentities } from './identity.js';

/** One secret as stored; fields beyond these three (added by hand) are kept untouched on rewrite. */
export type RawEntry = Readonly<Record<string, unknown>> & { readonly value: string };

/** The decrypted file: secret name → entry. A Map, so names like `__proto__` stay plain data. */
export type SecretsDocument = Map<string, RawEntry>;

export interface EntryFacts {
  readonly keyId: string | null;
  readonly updatedAt: Date | null;
}

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decrypts with the identities (binary or ASCII-armored age files), then validates the JSON shape. */
export async function decryptDocument(bytes: Uint8Array, identities: AgeIdentities): Promise<SecretsDocument> {
  const decrypter = new Decrypter();
  try {
    for (const line of identities.lines) decrypter.addIdentity(line);
  } catch {
    throw userError('store.file.identity-invalid', `${identities.origin}: malformed age identity`);
  }
  let plaintext: string;
  try {
    const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
    const binary = head.startsWith(ARMOR_BEGIN) ? armor.decode(new TextDecoder().decode(bytes)) : bytes;
    plaintext = await decrypter.decrypt(binary, 'text');
  } catch (error) {
    // age's messages describe headers and stanzas, never plaintext or identities.
    throw userError(
      'store.file.undecryptable',
      `cannot decrypt with the identity from ${identities.origin} (${identities.lines.reduce(redact, messageOf(error))}); ` +
        'keyward refuses to overwrite a file it cannot read, since that would lose the secrets it holds',
      { cause: error },
    );
  }
  return parseDocument(plaintext);
}

/** Validates decrypted JSON; problems name the JSON path, never a value. */
function parseDocument(plaintext: string): SecretsDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    // JSON.parse messages quote the input, which holds secrets: say only that it is not JSON.
    throw userError('store.file.corrupt', 'decrypted content is not valid JSON; refusing to overwrite it');
  }
  if (!isObject(parsed))
    throw userError('store.file.corrupt', 'decrypted content ($) is not a JSON object; refusing to overwrite it');
  const doc: SecretsDocument = new Map();
  for (const [name, entry] of Object.entries(parsed)) {
    const at = `$[${JSON.stringify(name)}]`;
    if (!isObject(entry) || typeof entry.value !== 'string') {
      throw userError(
        'store.file.corrupt',
        `decrypted content ${at} must be an object with a string "value"; refusing to overwrite it`,
      );
    }
    if (entry.keyId !== undefined && entry.keyId !== null && typeof entry.keyId !== 'string') {
      throw userError('store.file.corrupt', `decrypted content ${at}.keyId must be a string; refusing to overwrite it`);
    }
    if (
      entry.updatedAt !== undefined &&
      entry.updatedAt !== null &&
      (typeof entry.updatedAt !== 'string' || Number.isNaN(Date.parse(entry.updatedAt)))
    ) {
      throw userError(
        'store.file.corrupt',
        `decrypted content ${at}.updatedAt must be an ISO 8601 time; refusing to overwrite it`,
      );
    }
    doc.set(name, entry as RawEntry);
  }
  return doc;
}

/** The secret-free facts of one entry. */
export function entryFacts(entry: RawEntry): EntryFacts {
  const keyId = typeof entry.keyId === 'string' ? entry.keyId : null;
  const updatedAt = typeof entry.updatedAt === 'string' ? new Date(entry.updatedAt) : null;
  return { keyId, updatedAt };
}

/** Serialises (names sorted, so rewrites are deterministic) and encrypts to every recipient. */
export async function encryptDocument(doc: SecretsDocument, recipients: readonly string[]): Promise<Uint8Array> {
  const sorted = [...doc.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const plaintext = `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`;
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(plaintext);
}
