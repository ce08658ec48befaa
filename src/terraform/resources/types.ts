// The contract every keyward resource and data source implements inside the provider (one file per type).
// Handlers receive decoded values and return values + diagnostics; they never return or store a secret.
import type { Clock } from '../../kernel/clock.js';
import type { EventSink } from '../../kernel/events.js';
import type { StoreConfig, StoreContext, SecretStore } from '../../core/ports/secret-store.js';
import type { Diagnostic } from '../diagnostics.js';
import type { RemoteView } from '../remote-view.js';
import type { Schema } from '../schema/types.js';
import type { TfObject } from '../values/value.js';

/** What a configured provider hands to handlers. */
export interface ProviderContext {
  readonly remote: RemoteView;
  readonly clock: Clock;
  /** Builds a secret store from a secret_store block (the keyward store registry). */
  readonly openStore: (name: string, config: StoreConfig, context: StoreContext) => Promise<SecretStore>;
  readonly storeContext: StoreContext;
  /** Where the core delivery engine reports its secret-free events (the provider logs them). */
  readonly sink: EventSink;
  /** Store write retries of the delivery engine (tests make them instant); the core's defaults otherwise. */
}

/** What validation may use before the provider is configured: the store registry, to check a store's own options. */
export interface ValidateContext {
  /** Builds (never uses) the store a secret_store block describes; throws the store's own configuration error. */
  readonly openStore: ProviderContext['openStore'];
  readonly storeContext: StoreContext;
}

export interface PlanInput {
  readonly prior: TfObject | null;
  readonly proposed: TfObject | null;
  readonly config: TfObject | null;
  readonly clock: Clock;
}

export interface PlanOutput {
  readonly planned: TfObject | null;
  /** Attribute paths whose change forces replacement. */
  readonly requiresReplace: readonly (readonly string[])[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ApplyInput {
  readonly prior: TfObject | null;
  readonly planned: TfObject | null;
  readonly config: TfObject | null;
}

export interface StateOutput {
  /** null = the object does not exist (removed from state). */
  readonly state: TfObject | null;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ManagedResource {
  readonly typeName: string;
  readonly schema: Schema;
  /** Called by `terraform validate` and again at plan (then with every value known): reports every problem. */
  validate(config: TfObject, checks: ValidateContext): readonly Diagnostic[] | Promise<readonly Diagnostic[]>;
  plan(input: PlanInput): PlanOutput;
  apply(input: ApplyInput, ctx: ProviderContext): Promise<StateOutput>;
  read(state: TfObject, ctx: ProviderContext): Promise<StateOutput>;
  importState(id: string, ctx: ProviderContext): Promise<StateOutput>;
}

export interface DataSource {
  readonly typeName: string;
  readonly schema: Schema;
  validate(config: TfObject): readonly Diagnostic[];
  read(config: TfObject, ctx: ProviderContext): Promise<StateOutput>;
}
