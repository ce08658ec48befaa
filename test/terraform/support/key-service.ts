// Starts a real keyward key service in-process (PGlite in memory, a free port) for Terraform tests,
// with a known bootstrap admin key that terraform's provider uses through KEYWARD_API_KEY.
import { randomBytes } from 'node:crypto';
import { startKeyService } from '../../../src/keyservice/server.js';

export interface TestKeyService {
  readonly url: string;
  /** The bootstrap admin key (64 hex); tests assert it never shows up in terraform output or state. */
  readonly adminKey: string;
  close(): Promise<void>;
}

export async function startTestKeyService(): Promise<TestKeyService> {
  const adminKey = randomBytes(32).toString('hex');
  const service = await startKeyService({ bootstrapKey: adminKey });
  return { url: service.url, adminKey, close: () => service.close() };
}
