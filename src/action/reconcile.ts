// The Action's way into the reconciler: mask credentials, expand the manifest globs, open the workspace, plan.
// Shared by plan, apply and rotate; renders nothing itself, logs events (secret-free by contract) as plain lines.
import { observeAndPlan, type Planned } from '../app/reconcile.js';
import { openWorkspace, type Workspace } from '../app/workspace.js';
import type { DesiredModel } from '../core/desired.js';
import type { EventSink } from '../kernel/events.js';
import { checkManifests } from './manifest-check.js';
import { expandManifests } from './manifest-glob.js';
import { maskCredentials } from './mask.js';
import type { ActionClients, ActionInputs } from './types.js';

export interface ActionPlan extends Planned {
  readonly workspace: Workspace;
  /** Manifest files, relative to the working directory. */
  readonly files: readonly string[];
}

/** Event lines for the job log: warnings and errors always, the rest as plain info lines. */
export function logSink(clients: ActionClients): EventSink {
  return (event) => {
    if (event.level === 'debug') return;
    if (event.level === 'warn') clients.io.warning(event.message);
    else if (event.level === 'error') clients.io.error(event.message);
    else clients.io.info(event.message);
  };
}

/** Every key's rotateBefore replaced by the rotate-before input (when given). */
function withRotateBefore(model: DesiredModel, rotateBeforeMs: number | null): DesiredModel {
  if (rotateBeforeMs === null) return model;
  return {
    scopes: model.scopes.map((scope) => ({
      ...scope,
      serviceUsers: scope.serviceUsers.map((user) => ({
        ...user,
        keys: user.keys.map((key) => ({ ...key, rotation: { ...key.rotation, rotateBeforeMs } })),
      })),
    })),
  };
}

/**
 * Checks the manifests first (annotations on file and line; a file store refused before any key exists), then opens
 * the workspace and plans. `workspaceRoot` is the repository root annotations are relative to.
 */
export async function loadAndPlan(
  inputs: ActionInputs,
  clients: ActionClients,
  allowDestroy: boolean,
  workspaceRoot = inputs.workingDirectory,
): Promise<ActionPlan> {
  maskCredentials(clients.io, clients.env, inputs.githubToken);
  const files = await expandManifests(inputs.manifests, inputs.workingDirectory);
  clients.io.info(
    `keyward ${inputs.command}: ${files.length} manifest file${files.length === 1 ? '' : 's'} (${files.join(', ')})`,
  );
  const where = { workingDirectory: inputs.workingDirectory, workspaceRoot };
  await checkManifests(files, { io: clients.io, env: clients.env, ...where });
  const opened = await openWorkspace(files, {
    env: clients.env,
    cwd: inputs.workingDirectory,
    clock: clients.clock,
    sink: logSink(clients),
  });
  const workspace: Workspace = { ...opened, model: withRotateBefore(opened.model, inputs.rotateBeforeMs) };
  const planned = await observeAndPlan(workspace, { allowDestroy, forceRetire: false }, clients.clock);
  return { ...planned, workspace, files };
}
