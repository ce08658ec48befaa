// What the provider process is given by its entry point: environment, clock, log, driver and store factories.
// Keeps the RPC layer free of globals so tests can drive it directly.
import type { Clock } from '../../kernel/clock.js';
import type { EventSink } from '../../kernel/events.js';
import type { KeyDriver } from '../../core/ports/key-driver.js';
import type { SecretStore, StoreFactory } from '../../core/ports/secret-store.js';
import type { Env } from '../plugin/handshake.js';
import type { ConnectionSettings } from '../provider-config.js';

export interface ProviderDeps {
  readonly env: Env;
  readonly clock: Clock;
  /** A line for stderr (Terraform shows it with TF_LOG); never receives a secret. */
  readonly log: (line: string) => void;
  readonly driverNames: readonly string[];
  readonly createDriver: (settings: ConnectionSettings) => KeyDriver;
  /** A store from the keyward store registry (loaded on first use: stores pull in heavy crypto libraries). */
  readonly openStore: (...args: Parameters<StoreFactory>) => Promise<SecretStore>;
  /** Directory relative secret_store paths resolve against (Terraform's working directory). */
  readonly baseDir: string;
  /** Also receives every delivery and store event (after the log); the entry point hangs its test crash points here. */
  readonly events?: EventSink;
}
