// Opens what a reconciler command works on: the manifests' desired model, one driver per key API and the stores of each
// scope.
// Credentials come from the environment only; a manifest problem becomes one user error listing every problem.
import { dirname, resolve } from 'node:path';
import type { Clock } from '../kernel/clock.js';
import type { DesiredModel, DesiredScope } from '../core/desired.js';
import { userError } from '../kernel/errors.js';
import type { EventSink } from '../kernel/events.js';
import { formatProblems, loadManifests, type ManifestProblem } from '../core/manifest/index.js';
import { createDriver } from '../drivers/index.js';
import type { KeyDriver } from '../core/ports/key-driver.js';
import type { SecretStore } from '../core/ports/secret-store.js';
import { prefetching } from './prefetch.js';

export interface Workspace {
  readonly model: DesiredModel;
  readonly warnings: readonly ManifestProblem[];
  /** By scope name; scopes naming the same driver and URL share one instance, so it is listed once. */
  readonly drivers: ReadonlyMap<string, KeyDriver>;
  /** By scope name, then by the store's declared name. */
  readonly stores: ReadonlyMap<string, ReadonlyMap<string, SecretStore>>;
}

/** What reconciling needs of a workspace: its warnings are for printing once, not for the rest of a command. */
export type KeyApis = Omit<Workspace, 'warnings'>;

export interface WorkspaceOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clock: Clock;
  readonly sink: EventSink;
}

/** Loads and validates manifests; throws one user error naming every problem at file:line:col. */
export async function loadModel(
  paths: readonly string[],
  options: Pick<WorkspaceOptions, 'env' | 'cwd'> & { readonly onScope?: (scope: DesiredScope) => void },
): Promise<{ model: DesiredModel; warnings: readonly ManifestProblem[] }> {
  if (paths.length === 0) throw userError('cli.usage', 'name at least one manifest file or directory');
  const loaded = await loadManifests(paths, {
    env: options.env,
    cwd: options.cwd,
    ...(options.onScope === undefined ? {} : { onScope: options.onScope }),
  });
  if (!loaded.ok) {
    const count = loaded.problems.length;
    throw userError(
      'manifest.invalid',
      `${count} problem${count === 1 ? '' : 's'} in the manifests:\n${formatProblems(loaded.problems)}`,
    );
  }
  return { model: loaded.model, warnings: loaded.warnings };
}

/**
 * Each key API's driver opens as soon as a clean manifest names it and starts listing at once, so its pages arrive
 * while the other manifests are read (prefetch.ts); if anything fails before the workspace is whole, every
 * driver is aborted, so a listing nobody will take keeps neither the network nor the process busy.
 */
export async function openWorkspace(paths: readonly string[], options: WorkspaceOptions): Promise<Workspace> {
  const abandon = new AbortController();
  const shared = new Map<string, { driver: KeyDriver } | { failure: unknown }>();
  const driverFor = (scope: DesiredScope): KeyDriver => {
    const identity = JSON.stringify([scope.provider.driver, scope.provider.url ?? null]);
    let opened = shared.get(identity);
    if (opened === undefined) {
      try {
        const driverOptions = { sink: options.sink, clock: options.clock, signal: abandon.signal };
        opened = { driver: prefetching(createDriver(scope.provider, options.env, driverOptions)) };
      } catch (failure) {
        // Thrown again below, in scope order, once the manifests are known to be valid (as without prefetching).
        opened = { failure };
      }
      shared.set(identity, opened);
    }
    if ('failure' in opened) throw opened.failure;
    return opened.driver;
  };
  try {
    return await openDrivers(paths, options, driverFor);
  } catch (err) {
    abandon.abort();
    throw err;
  }
}

async function openDrivers(
  paths: readonly string[],
  options: WorkspaceOptions,
  driverFor: (scope: DesiredScope) => KeyDriver,
): Promise<Workspace> {
  const onScope = (scope: DesiredScope): void => {
    try {
      driverFor(scope);
    } catch {
      // remembered by driverFor; reported after the load
    }
  };
  const { model, warnings } = await loadModel(paths, { ...options, onScope });
  const drivers = new Map<string, KeyDriver>();
  const stores = new Map<string, Map<string, SecretStore>>();
  for (const scope of model.scopes) {
    drivers.set(scope.name, driverFor(scope));
    const baseDir = dirname(resolve(options.cwd, scope.file));
    const scopeStores = new Map<string, SecretStore>();
    for (const [name, config] of Object.entries(scope.stores)) {
      // The store registry loads age, octokit and libsodium (~25 MB resident): only manifests that declare a store
      // import it.
      const { createStore } = await import('../stores/registry.js');
      scopeStores.set(
        name,
        createStore(name, config, { env: options.env, baseDir, clock: options.clock, events: options.sink }),
      );
    }
    stores.set(scope.name, scopeStores);
  }
  return { model, warnings, drivers, stores };
}
