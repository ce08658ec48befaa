// The driver registry: matches the folders, rejects unknown names, and resolves URL and key from config and
// environment.
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KeywardError } from '../../src/kernel/errors.js';
import { DRIVERS, createDriver, driverFactory, driverNames } from '../../src/drivers/index.js';
import { apiKeyVariable } from '../../src/drivers/registry.js';
import type { DriverEnv, FetchLike } from '../../src/drivers/index.js';

const DRIVERS_DIR = fileURLToPath(new URL('../../src/drivers/', import.meta.url));
/** Folders under src/drivers that are shared code, not drivers. */
const LIBRARY_FOLDERS = ['csp'];

function recordingFetch(): { fetch: FetchLike; calls: { url: string; auth: string | null }[] } {
  const calls: { url: string; auth: string | null }[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, auth: new Headers(init.headers).get('authorization') });
      return new Response('{"results":[]}', { status: 200 });
    },
  };
}

async function baseUrlOf(
  driver: string,
  url: string | undefined,
  env: DriverEnv,
): Promise<{ url: string; auth: string | null }> {
  return (await firstCall(driver, url, env)).endpoint;
}

async function firstCall(
  driver: string,
  url: string | undefined,
  env: DriverEnv,
): Promise<{ endpoint: { url: string; auth: string | null }; limit: string | null }> {
  const rec = recordingFetch();
  await createDriver({ driver, url }, env, { fetch: rec.fetch }).observe();
  const first = rec.calls[0];
  if (first === undefined) throw new Error('no call made');
  return {
    endpoint: { url: first.url.slice(0, first.url.indexOf('/v2/')), auth: first.auth },
    limit: new URL(first.url).searchParams.get('_limit'),
  };
}

function userFailure(fn: () => unknown): KeywardError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KeywardError);
    expect((err as KeywardError).source).toBe('user');
    return err as KeywardError;
  }
  throw new Error('expected a failure');
}

describe('registry', () => {
  it('has exactly one driver per folder with a driver.ts', () => {
    const folders = readdirSync(DRIVERS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    const driverFolders = folders.filter((f) => existsSync(`${DRIVERS_DIR}${f}/driver.ts`)).sort();
    expect(driverFolders).toEqual(driverNames());
    expect(folders.filter((f) => !driverFolders.includes(f)).sort()).toEqual(LIBRARY_FOLDERS);
    for (const [name, { create, endpoint }] of DRIVERS) {
      expect(
        create({ driver: name, url: 'http://127.0.0.1:1' }, { KEYWARD_API_KEY: 'k', INFOBLOX_PORTAL_KEY: 'k' }).name,
      ).toBe(name);
      // The definition's endpoint is the driver's own: one source for its name and credential variables.
      expect(endpoint.driver).toBe(name);
      expect(apiKeyVariable(name)).toBe(endpoint.keyVariables[0]);
    }
  });

  it('pages at 1000 on keyward serve and under the portal cap on Infoblox', async () => {
    expect((await firstCall('keyward', 'http://127.0.0.1:1', { KEYWARD_API_KEY: 'k' })).limit).toBe('1000');
    expect((await firstCall('infoblox', undefined, { INFOBLOX_PORTAL_KEY: 'k' })).limit).toBe('100');
  });

  it('rejects an unknown driver, listing the valid names', () => {
    const e = userFailure(() => driverFactory('infobox'));
    expect(e.code).toBe('driver.unknown');
    expect(e.message).toBe('unknown driver "infobox": valid drivers are infoblox, keyward');
  });
});

describe('keyward credentials', () => {
  it('reads KEYWARD_URL and KEYWARD_API_KEY; provider.url overrides the environment', async () => {
    const env = { KEYWARD_URL: 'http://127.0.0.1:8080/', KEYWARD_API_KEY: 'key-1' };
    expect(await baseUrlOf('keyward', undefined, env)).toEqual({ url: 'http://127.0.0.1:8080', auth: 'Token key-1' });
    expect((await baseUrlOf('keyward', 'http://localhost:9/base', env)).url).toBe('http://localhost:9/base');
  });

  it('names the missing variables', () => {
    expect(userFailure(() => createDriver({ driver: 'keyward' }, { KEYWARD_API_KEY: 'k' })).message).toBe(
      'driver keyward: no URL: set provider.url in the manifest or KEYWARD_URL',
    );
    const e = userFailure(() =>
      createDriver({ driver: 'keyward', url: 'http://127.0.0.1:1' }, { KEYWARD_API_KEY: '  ' }),
    );
    expect(e.code).toBe('driver.credentials');
    expect(e.message).toBe('driver keyward: no API key: set KEYWARD_API_KEY in the environment');
  });

  it('rejects a bad URL without echoing it', () => {
    const e = userFailure(() =>
      createDriver({ driver: 'keyward' }, { KEYWARD_URL: 'ftp://user:pw@host', KEYWARD_API_KEY: 'k' }),
    );
    expect(e.message).toBe('driver keyward: KEYWARD_URL must be an http:// or https:// URL');
    const withCreds = userFailure(() =>
      createDriver({ driver: 'keyward', url: 'https://user:pw@host' }, { KEYWARD_API_KEY: 'k' }),
    );
    expect(withCreds.message).not.toContain('pw');
    expect(
      userFailure(() => createDriver({ driver: 'keyward', url: 'not a url' }, { KEYWARD_API_KEY: 'k' })).message,
    ).toBe('driver keyward: provider.url is not a URL');
  });
});

describe('infoblox credentials', () => {
  it('defaults to the US portal and prefers INFOBLOX_PORTAL_* over BLOXONE_*', async () => {
    expect(await baseUrlOf('infoblox', undefined, { INFOBLOX_PORTAL_KEY: 'ib' })).toEqual({
      url: 'https://csp.infoblox.com',
      auth: 'Token ib',
    });
    const both = {
      INFOBLOX_PORTAL_URL: 'https://csp.eu.infoblox.com',
      INFOBLOX_PORTAL_KEY: 'new',
      BLOXONE_CSP_URL: 'https://old.example',
      BLOXONE_API_KEY: 'old',
    };
    expect(await baseUrlOf('infoblox', undefined, both)).toEqual({
      url: 'https://csp.eu.infoblox.com',
      auth: 'Token new',
    });
  });

  it('falls back to BLOXONE_CSP_URL and BLOXONE_API_KEY', async () => {
    expect(
      await baseUrlOf('infoblox', undefined, {
        BLOXONE_CSP_URL: 'https://csp.eu.infoblox.com',
        BLOXONE_API_KEY: 'old',
      }),
    ).toEqual({
      url: 'https://csp.eu.infoblox.com',
      auth: 'Token old',
    });
  });

  it('names both key variables when neither is set', () => {
    expect(userFailure(() => createDriver({ driver: 'infoblox' }, {})).message).toBe(
      'driver infoblox: no API key: set INFOBLOX_PORTAL_KEY or BLOXONE_API_KEY in the environment',
    );
  });
});
