// Public surface of the key-API drivers: the contract, the registry, the two drivers and the shared CSP client.
// Re-exports only.
export type * from '../core/ports/key-driver.js';
export type { DriverFactory, DriverOptions } from './driver-options.js';
export { DRIVERS, createDriver, driverFactory, driverNames } from './registry.js';
export { KEYWARD_ENDPOINT, createKeywardDriver } from './keyward/driver.js';
export { INFOBLOX_ENDPOINT, createInfobloxDriver } from './infoblox/driver.js';
export * from './csp/index.js';
