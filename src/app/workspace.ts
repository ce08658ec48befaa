// Opens what a reconciler command works on: the manifests' desired model, one driver per key API and the stores of each scope.
// Credentials come from the environment only; a manifest problem becomes one user error listing every problem.
import { dirname, resolve } from 'node:path';
import type { Clock } from '../kernel/clock.js';
import type { DesiredModel } from '../core/desired.js';
import { userError } from '../kernel/errors.js';
import type { EventSink } from '../kernel/events.js';
import { formatProblems, loadManifests, type ManifestProblem } from '../core/manifest/index.js';
import { createDriver } from '../drivers/index.js';
import type { KeyDriver } from '../core/ports/key-driver.js';
import type { SecretStore } from '../core/ports/secret-store.js';

export interface Workspace {
  readonly model: DesiredModel;
  readonly warnings: readonly ManifestProblem[];
  /** By scope name; scopes naming the same driver and URL share one instance, so it is listed once. */
  readonly drivers: ReadonlyMap<string, KeyDriver>;
  /** By scope name, then by the store's declared name. */
  readonly stores: ReadonlyMap<string, ReadonlyMap<string, SecretStore>>;
}

export interface WorkspaceOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clock: Clock;
  readonly sink: EventSink;
}

/** Loads and validates manifests; throws one user error naming every problem at file:line:col. */
export async function loadModel(
  paths: readonly string[],
  options: Pick<WorkspaceOptions, 'env' | 'cwd'>,
): Promise<{ model: DesiredModel; warnings: readonly ManifestProblem[] }> {
  if (paths.length === 0) throw userError('cli.usage', 'name at least one manifest file or directory');
  const loaded = await loadManifests(paths, { env: options.env, cwd: options.cwd });
  if (!loaded.ok) {
    const count = loaded.problems.length;
    throw userError(
      'manifest.invalid',
      `${count} problem${count === 1 ? '' : 's'} in the manifests:\n${formatProblems(loaded.problems)}`,
    );
  }
  return { model: loaded.model, warnings: loaded.warnings };
}

export async function openWorkspace(paths: readonly string[], options: WorkspaceOptions): Promise<Workspace> {
  const { model, warnings } = await loadModel(paths, options);
  const shared = new Map<string, KeyDriver>();
  const drivers = new Map<string, KeyDriver>();
  const stores = new Map<string, Map<string, SecretStore>>();
  for (const scope of model.scopes) {
    const identity = JSON.stringify([scope.provider.driver, scope.provider.url ?? null]);
    let driver = shared.get(identity);
    if (!driver) {
      driver = createDriver(scope.provider, options.env, { sink: options.sink, clock: options.clock });
      shared.set(identity, driver);
    }
    drivers.set(scope.name, driver);
    const baseDir = dirname(resolve(options.cwd, scope.file));
    const scopeStores = new Map<string, SecretStore>();
    for (const [name, config] of Object.entries(scope.stores)) {
      // The store registry loads age, octokit and libsodium (~25 MB resident): only manifests that declare a store import it.
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
