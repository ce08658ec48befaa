// The explicit registry of key-API drivers: manifest `provider.driver` name → factory, endpoint and variables.
// One folder per driver.
// Lookups of unknown names fail with the list of valid ones; nothing registers itself at import time.
import { userError } from '../kernel/errors.js';
import type { ProviderConfig } from '../core/ports/key-driver.js';
import type { DriverEnv, EndpointSpec } from './csp/endpoint.js';
import type { DriverFactory, DriverOptions } from './driver-options.js';
import { createInfobloxDriver, INFOBLOX_ENDPOINT } from './infoblox/driver.js';
import { createKeywardDriver, KEYWARD_ENDPOINT } from './keyward/driver.js';
import type { KeyDriver } from '../core/ports/key-driver.js';

/** One driver as the registry knows it: how to build it and what it reads (Renovate's datasource definitions). */
export interface DriverDefinition {
  readonly create: DriverFactory;
  /** The URL and credential variables it reads, in order of preference, and its paging. */
  readonly endpoint: EndpointSpec;
}

/** Every driver keyward knows: the one source of a driver's name, endpoint and credential variables. */
export const DRIVERS: ReadonlyMap<string, DriverDefinition> = new Map<string, DriverDefinition>([
  ['infoblox', { create: createInfobloxDriver, endpoint: INFOBLOX_ENDPOINT }],
  ['keyward', { create: createKeywardDriver, endpoint: KEYWARD_ENDPOINT }],
]);

/** An environment variable a driver reads; `credential` marks the secret ones (never printed, never in a manifest). */
export interface DriverVariable {
  readonly name: string;
  readonly credential: boolean;
  readonly purpose: string;
}

/** The environment variables of driver `name`, from its endpoint (the one place that names them). */
export function driverVariables(name: string): DriverVariable[] {
  const endpoint = DRIVERS.get(name)?.endpoint;
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
  const definition = DRIVERS.get(name);
  if (definition === undefined) {
    throw userError('driver.unknown', `unknown driver "${name}": valid drivers are ${driverNames().join(', ')}`);
  }
  return definition.create;
}

/** The variable that carries driver `name`'s API key (its first key variable), for callers given the key itself. */
export function apiKeyVariable(name: string): string | undefined {
  return DRIVERS.get(name)?.endpoint.keyVariables[0];
}

/** Builds the driver a manifest's provider block names, with credentials from `env`. */
export function createDriver(config: ProviderConfig, env: DriverEnv, options?: DriverOptions): KeyDriver {
  return driverFactory(config.driver)(config, env, options);
}
