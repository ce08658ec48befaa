// The lifecycle keyward_role and keyward_group share: apply with a diagnostic naming what failed (and a fresh remote
// view after), read by id, import by id or name. Each resource supplies how it changes, finds and states its object.
import { diagnosticFromError, errorDiag, type Diagnostic } from '../diagnostics.js';
import { str, type TfObject } from '../values/value.js';
import type { ProviderContext, StateOutput } from './types.js';

type Noun = 'role' | 'group';
type Change = (prior: TfObject | null, planned: TfObject | null, ctx: ProviderContext) => Promise<StateOutput>;

/** How one kind of access object is found (by id or name) and written to state. */
export interface AccessKind<T extends { readonly id: string }> {
  readonly noun: Noun;
  find(idOrName: string, ctx: ProviderContext): Promise<T | null | undefined>;
  toState(object: T): TfObject;
  /** A reason the object may not be imported (a built-in role), or null. */
  refuseImport?(object: T): Diagnostic | null;
}

/** ApplyResourceChange: the change, or the prior state with a diagnostic naming the verb and the object. */
export async function applyAccess(
  noun: Noun,
  change: Change,
  prior: TfObject | null,
  planned: TfObject | null,
  ctx: ProviderContext,
): Promise<StateOutput> {
  try {
    return await change(prior, planned, ctx);
  } catch (err) {
    const verb = !planned ? 'Deleting' : !prior ? 'Creating' : 'Updating';
    const name = str(planned ?? prior, 'name') ?? '';
    return { state: prior, diagnostics: [diagnosticFromError(`${verb} ${noun} ${name} failed`, err)] };
  } finally {
    ctx.remote.invalidate();
  }
}

/** ReadResource: the object by its id, or null (gone) so Terraform plans to create it again. */
export async function readAccess<T extends { readonly id: string }>(
  kind: AccessKind<T>,
  state: TfObject,
  ctx: ProviderContext,
): Promise<StateOutput> {
  const id = str(state, 'id');
  try {
    const found = id ? await kind.find(id, ctx) : null;
    return { state: found && found.id === id ? kind.toState(found) : null, diagnostics: [] };
  } catch (err) {
    const name = str(state, 'name') ?? id;
    return { state, diagnostics: [diagnosticFromError(`Reading ${kind.noun} ${name} failed`, err)] };
  }
}

/** ImportResourceState: by id or name. */
export async function importAccess<T extends { readonly id: string }>(
  kind: AccessKind<T>,
  id: string,
  ctx: ProviderContext,
): Promise<StateOutput> {
  const title = kind.noun === 'role' ? 'Role' : 'Group';
  try {
    const found = await kind.find(id, ctx);
    if (!found) {
      return {
        state: null,
        diagnostics: [errorDiag(`${title} not found`, `No ${kind.noun} has the id or name "${id}".`)],
      };
    }
    const refused = kind.refuseImport?.(found) ?? null;
    if (refused) return { state: null, diagnostics: [refused] };
    return { state: kind.toState(found), diagnostics: [] };
  } catch (err) {
    return { state: null, diagnostics: [diagnosticFromError(`Importing ${kind.noun} ${id} failed`, err)] };
  }
}
