// Runs the driver contract suite for both drivers (keyward, infoblox) against a live key service started in-process.
// Each driver gets its own fresh service on PGlite in memory, bootstrapped with a random administrator key.
import { randomBytes } from 'node:crypto';
import { CspClient } from '../../src/drivers/csp/client.js';
import { createDriver } from '../../src/drivers/registry.js';
import { startKeyService } from '../../src/keyservice/server.js';
import { driverContract } from '../contract/driver-contract.js';

const KEY_VARIABLE: Readonly<Record<string, string>> = { keyward: 'KEYWARD_API_KEY', infoblox: 'INFOBLOX_PORTAL_KEY' };

for (const [driver, keyVariable] of Object.entries(KEY_VARIABLE)) {
  driverContract(driver, async () => {
    const bootstrapKey = randomBytes(32).toString('hex');
    const service = await startKeyService({ bootstrapKey, cacheTtlMs: 0 });
    return {
      connect: ({ apiKey = bootstrapKey, url = service.url, options } = {}) => createDriver({ driver, url }, { [keyVariable]: apiKey }, options),
      admin: new CspClient({ baseUrl: service.url, apiKey: bootstrapKey }),
      close: () => service.close(),
    };
  });
}
