// Creating a keyward_api_key: delete the family's keys no store may hold (what a killed apply left), then create and
// deliver through the core engine. Never deletes a key the store holds or may hold before its successor is confirmed.
import { parseRemoteKeyName, remoteKeyName } from '../../core/key-names.js';
import type { RemoteKey, RemoteUser } from '../../core/ports/key-driver.js';
import { mayHold, type StoredSecret } from '../../core/ports/secret-store.js';
import { errorDiag, warningDiag, type Diagnostic } from '../diagnostics.js';
import { parseDuration } from '../../kernel/time/duration.js';
import { formatInstant, parseInstant } from '../../kernel/time/instant.js';
import { num, str, type TfObject } from '../values/value.js';
import { secretTarget, type SecretTarget } from './api-key-secret.js';
import { createAndDeliver, deleteKey } from './core-engine.js';
import type { ProviderContext, StateOutput } from './types.js';

function expiryOf(planned: TfObject, now: Date): Date | null {
  const at = str(planned, 'expires_at');
  if (at) return parseInstant(at);
  const within = str(planned, 'expires_in');
  const ms = within ? parseDuration(within) : undefined;
  return ms === undefined ? null : new Date(now.getTime() + ms);
}

function highest(keys: readonly RemoteKey[]): RemoteKey | null {
  let top: RemoteKey | null = null;
  for (const key of keys) {
    if (!top || parseRemoteKeyName(key.name).generation > parseRemoteKeyName(top.name).generation) top = key;
  }
  return top;
}

function nextGeneration(keys: readonly RemoteKey[]): number {
  const top = highest(keys);
  return top ? parseRemoteKeyName(top.name).generation + 1 : 1;
}

function stateOf(planned: TfObject, key: RemoteKey, user: RemoteUser): TfObject {
  return {
    ...planned,
    id: key.id,
    user_id: user.id,
    generation: parseRemoteKeyName(key.name).generation,
    remote_name: key.name,
    state: key.state,
    created_at: formatInstant(key.createdAt),
    expires_at: str(planned, 'expires_at') ?? (key.expiresAt ? formatInstant(key.expiresAt) : null),
  };
}

/** The first attempt number no key of generation `generation` ever used here (0 = the plain name). */
function freshAttempt(relatives: readonly RemoteKey[], generation: number): number {
  const used = relatives
    .map((key) => parseRemoteKeyName(key.name))
    .filter((parsed) => parsed.generation === generation);
  return used.length === 0 ? 0 : Math.max(...used.map((parsed) => parsed.attempt)) + 1;
}

async function finish(
  planned: TfObject,
  key: RemoteKey,
  user: RemoteUser,
  ctx: ProviderContext,
  notes: Diagnostic[],
): Promise<StateOutput> {
  const state = stateOf(planned, key, user);
  if (str(planned, 'state') !== 'disabled' || key.state === 'disabled') return { state, diagnostics: notes };
  try {
    await ctx.remote.driver.setKeyState(key.id, 'disabled');
  } catch (err) {
    // The key exists and its secret was delivered: keep it in state (Terraform taints it) rather than orphan it.
    const reason = err instanceof Error ? err.message : String(err);
    return { state, diagnostics: [...notes, errorDiag(`Disabling the new key ${key.name} failed`, reason)] };
  } finally {
    ctx.remote.invalidate();
  }
  return { state: { ...state, state: 'disabled' }, diagnostics: notes };
}

/** Deletes every key of the family the store neither holds nor may hold; returns the keys kept. */
async function dropUnheld(
  ctx: ProviderContext,
  serviceUser: string,
  relatives: readonly RemoteKey[],
  held: StoredSecret,
): Promise<RemoteKey[]> {
  const kept: RemoteKey[] = [];
  for (const key of relatives) {
    if (mayHold(held, key.id)) kept.push(key);
    else await deleteKey(ctx, serviceUser, key, `no store holds ${key.name}: an interrupted apply left it behind`);
  }
  return kept;
}

export async function createApiKey(planned: TfObject, ctx: ProviderContext): Promise<StateOutput> {
  const serviceUser = str(planned, 'service_user') ?? '';
  const name = str(planned, 'name') ?? '';
  const observed = await ctx.remote.observe();
  const user = observed.users.find((candidate) => candidate.name === serviceUser);
  if (!user) {
    return {
      state: null,
      diagnostics: [
        errorDiag('Service user not found', `No service user is named "${serviceUser}".`, ['service_user']),
      ],
    };
  }
  const relatives = observed.keys.filter((key) => key.userId === user.id && parseRemoteKeyName(key.name).name === name);
  const fixed = num(planned, 'generation');
  const target = await secretTarget(planned, ctx);
  if (!target) return createWithoutStore(planned, ctx, user, relatives, fixed);
  // A key of the family the store holds is never adopted (Terraform may still track it, e.g. a deposed object): a new
  // attempt is delivered and the old key deleted after, so a resumed create needs no guess.
  const held = await target.store.describe(target.ref);
  const kept = await dropUnheld(ctx, serviceUser, relatives, held);
  const generation = fixed ?? nextGeneration(kept);
  return deliverNew(planned, ctx, user, target, { kept, generation, attempt: freshAttempt(relatives, generation) });
}

async function deliverNew(
  planned: TfObject,
  ctx: ProviderContext,
  user: RemoteUser,
  target: SecretTarget,
  plan: { kept: readonly RemoteKey[]; generation: number; attempt: number },
): Promise<StateOutput> {
  const serviceUser = user.name;
  const name = str(planned, 'name') ?? '';
  const expiresAt = expiryOf(planned, ctx.clock.now());
  const { generation, attempt } = plan;
  const keyId = await createAndDeliver(ctx, target, {
    serviceUser,
    userId: user.id,
    keyName: name,
    generation,
    attempt,
    expiresAt,
  });
  // The store now holds the new key (the core confirmed it by describe): keys it may have held before are nobody's.
  for (const key of plan.kept) await deleteKey(ctx, serviceUser, key, `superseded by key ${keyId} in the store`);
  const created = await ctx.remote.keyById(keyId);
  if (!created)
    return {
      state: null,
      diagnostics: [errorDiag('API key vanished', `Key ${keyId} was delivered, then no longer listed.`)],
    };
  return finish(planned, created, user, ctx, []);
}

async function createWithoutStore(
  planned: TfObject,
  ctx: ProviderContext,
  user: RemoteUser,
  relatives: readonly RemoteKey[],
  fixed: number | null,
): Promise<StateOutput> {
  const name = str(planned, 'name') ?? '';
  const generation = fixed ?? nextGeneration(relatives);
  const remoteName = remoteKeyName(name, generation);
  const clash = relatives.find((key) => key.name === remoteName);
  if (clash) {
    const detail =
      `Service user ${user.name} already has a key named "${remoteName}" (id ${clash.id}). ` +
      `Import it (terraform import <address> ${clash.id}) or choose another name or generation.`;
    return { state: null, diagnostics: [errorDiag('API key already exists', detail, ['name'])] };
  }
  const expiresAt = expiryOf(planned, ctx.clock.now());
  const keyId = await createAndDeliver(ctx, null, {
    serviceUser: user.name,
    userId: user.id,
    keyName: name,
    generation,
    attempt: 0,
    expiresAt,
  });
  const created = await ctx.remote.keyById(keyId);
  if (!created)
    return {
      state: null,
      diagnostics: [errorDiag('API key vanished', `Key ${keyId} was created, then no longer listed.`)],
    };
  const note = warningDiag(
    'Secret discarded',
    `Key ${remoteName} has no secret_store, so its secret was not delivered anywhere.`,
  );
  return finish(planned, created, user, ctx, [note]);
}
