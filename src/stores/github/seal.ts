// Seals a secret for GitHub with libsodium's crypto_box_seal against the scope's public key.
// The plaintext exists only inside this call; the result is base64, as the REST API expects.
import sodium from 'libsodium-wrappers';
import type { Secret } from '../../kernel/secret.js';

/** Base64 sealed box of the secret's UTF-8 bytes for a base64 (standard alphabet) Curve25519 public key. */
export async function sealForGithub(secret: Secret, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const publicKey = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(secret.reveal()), publicKey);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}
