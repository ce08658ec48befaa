// The explicit registry of key-API drivers: manifest `provider.driver` name → factory. One folder per driver.
// Lookups of unknown names fail with the list of valid ones; nothing registers itself at import time.
import { userError } from '../kernel/errors.js';
import type { ProviderConfig } from '../core/ports/key-driver.js';
import type { DriverEnv } from './csp/endpoint.js';
import type { DriverFactory, DriverOptions } from './driver-options.js';
import { createInfobloxDriver } from './infoblox/driver.js';
import { createKeywardDriver } from './keyward/driver.js';
import type { KeyDriver } from '../core/ports/key-driver.js';

export const DRIVERS: ReadonlyMap<string, DriverFactory> = new Map<string, DriverFactory>([
  ['infoblox', createInfobloxDriver],
  ['keyward', createKeywardDriver],
]);

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
