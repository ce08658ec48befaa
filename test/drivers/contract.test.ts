// Runs the driver contract suite for both drivers (keyward, infoblox) against a live key service started in-process:
// each on PGlite in memory, and the keyward driver also on a fresh PostgreSQL database when KEYWARD_TEST_DATABASE_URL
// is set.
import { randomBytes } from 'node:crypto';
import { CspClient } from '../../src/drivers/csp/client.js';
import { createDriver } from '../../src/drivers/registry.js';
import { startKeyService } from '../../src/keyservice/server.js';
import { driverContract } from '../contract/driver-contract.js';
import { createTestDatabase, testPostgresUrl } from '../keyservice/support/test-database.js';

const KEY_VARIABLE: Readonly<Record<string, string>> = { keyward: 'KEYWARD_API_KEY', infoblox: 'INFOBLOX_PORTAL_KEY' };
const postgres = testPostgresUrl();
const runs: { driver: string; backend: 'pglite' | 'postgres' }[] = [
  { driver: 'keyward', backend: 'pglite' },
  { driver: 'infoblox', backend: 'pglite' },
  ...(postgres === undefined ? [] : [{ driver: 'keyward', backend: 'postgres' as const }]),
];

for (const { driver, backend } of runs) {
  const keyVariable = KEY_VARIABLE[driver] as string;
  driverContract(
    driver,
    async () => {
      const bootstrapKey = randomBytes(32).toString('hex');
      const database =
        backend === 'postgres' && postgres !== undefined ? await createTestDatabase(postgres) : undefined;
      const service = await startKeyService({ bootstrapKey, cacheTtlMs: 0, databaseUrl: database?.url });
      return {
        connect: ({ apiKey = bootstrapKey, url = service.url, options } = {}) =>
          createDriver({ driver, url }, { [keyVariable]: apiKey }, options),
        admin: new CspClient({ baseUrl: service.url, apiKey: bootstrapKey }),
        close: async () => {
          await service.close();
          await database?.drop();
        },
      };
    },
    backend,
  );
}
