// The explicit registry of key-API drivers: manifest `provider.driver` name → factory. One folder per driver.
// Lookups of unknown names fail with the list of valid ones; nothing registers itself at import time.
import { userError } from '../kernel/errors.js';
import type { ProviderConfig } from '../core/ports/key-driver.js';
import type { DriverEnv, EndpointSpec } from './csp/endpoint.js';
import type { DriverFactory, DriverOptions } from './driver-options.js';
import { createInfobloxDriver, INFOBLOX_ENDPOINT } from './infoblox/driver.js';
import { createKeywardDriver, KEYWARD_ENDPOINT } from './keyward/driver.js';
import type { KeyDriver } from '../core/ports/key-driver.js';

export const DRIVERS: ReadonlyMap<string, DriverFactory> = new Map<string, DriverFactory>([
  ['infoblox', createInfobloxDriver],
  ['keyward', createKeywardDriver],
]);

/** Each driver's endpoint: the URL and credential variables it reads, in order of preference. */
export const DRIVER_ENDPOINTS: ReadonlyMap<string, EndpointSpec> = new Map<string, EndpointSpec>([
  ['infoblox', INFOBLOX_ENDPOINT],
  ['keyward', KEYWARD_ENDPOINT],
]);

/** An environment variable a driver reads; `credential` marks the secret ones (never printed, never in a manifest). */
export interface DriverVariable {
  readonly name: string;
  readonly credential: boolean;
  readonly purpose: string;
}

/** The environment variables of driver `name`, from its endpoint (the one place that names them). */
export function driverVariables(name: string): DriverVariable[] {
  const endpoint = DRIVER_ENDPOINTS.get(name);
  if (endpoint === undefined) return [];
  const [url, ...olderUrls] = endpoint.urlVariables;
  const [key, ...olderKeys] = endpoint.keyVariables;
  const also = (names: readonly string[]): string => (names.length > 0 ? ` (or ${names.join(', ')})` : '');
  return [
    ...(url === undefined ? [] : [{ name: url, credential: false, purpose: `base URL${also(olderUrls)}` }]),
    ...(key === undefined ? [] : [{ name: key, credential: true, purpose: `API key${also(olderKeys)}` }]),
  ];
}

export function driverNames(): string[] {
  return [...DRIVERS.keys()].sort();
}

/** The factory registered under `name`; a user error listing the valid names otherwise. */
export function driverFactory(name: string): DriverFactory {
  const factory = DRIVERS.get(name);
  if (factory === undefined) {
    throw userError('driver.unknown', `unknown driver "${name}": valid drivers are ${driverNames().join(', ')}`);
  }
  return factory;
}

/** Builds the driver a manifest's provider block names, with credentials from `env`. */
export function createDriver(config: ProviderConfig, env: DriverEnv, options?: DriverOptions): KeyDriver {
  return driverFactory(config.driver)(config, env, options);
}
