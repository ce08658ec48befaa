// Key material: generation, the public ID (first 32 hex characters), the SHA-256 hash, constant-time checks.
// Never log, store or return a key from here; only the hash and the ID leave this module for storage.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** A fresh 64-lowercase-hex key (256 bits of randomness). */
export function generateKey(): string {
  return randomBytes(32).toString('hex');
}

export function isWellFormedKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** The key ID: the first 32 characters, which carry no secret on their own. */
export function keyIdOf(key: string): string {
  return key.slice(0, 32);
}

/** SHA-256 of the whole key, hex; a high-entropy key needs no slow hash. */
export function hashKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Compares a presented key with a stored hash in constant time. */
export function keyMatchesHash(key: string, storedHash: string): boolean {
  // Both sides as hex text in pooled buffers: cheaper than a fresh digest buffer, still compared in constant time.
  const presented = Buffer.from(hash('sha256', key, 'hex'), 'latin1');
  const stored = Buffer.from(storedHash, 'latin1');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** Replaces anything shaped like a key (64+ hex characters) so echoed text can never carry one. */
export function redactKeys(text: string): string {
  return text.replace(/[0-9a-fA-F]{64,}/g, '[redacted]');
}
