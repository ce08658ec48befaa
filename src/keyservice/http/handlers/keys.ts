// HTTP handlers for /v2/api_keys and /v2/current_api_keys: input checks, then the key rules in the service layer.
// Never returns `key` except in the 201 of a create.
import { parseListOptions } from '../../query/index.js';
import {
  createInteractiveKey,
  createServiceKey,
  deleteKeyFor,
  getKeyFor,
  listKeysFor,
  patchKey,
  viewKey,
  type CreatedKey,
} from '../../service/keys-service.js';
import type { KeyServiceContext } from '../../service/context.js';
import type { ApiKeyRecord } from '../../domain/types.js';
import { asObject, dateTime, name, oneOf, rejectUnknown } from '../input.js';
import { checkPatch } from '../read-only.js';
import { parseId } from '../ids.js';
import { keyListSpec } from '../list-specs.js';
import { ok, route, type Call, type Route } from '../router.js';
import { keyWire, pick } from '../wire.js';
import { userError } from '../../../kernel/errors.js';

export function keyRoutes(ctx: KeyServiceContext): Route[] {
  const wire = (k: ApiKeyRecord) => keyWire(k, ctx.clock.now(), ctx.lastUsed.unwritten(k.id));
  const created = (c: CreatedKey) => ok({ result: { ...wire(c.record), key: c.key } }, 201);
  const list = async (call: Call, own: boolean) => {
    const options = parseListOptions(call.url.searchParams, keyListSpec);
    const keys = await listKeysFor(ctx, call.principal, options, own);
    return ok({ results: keys.map((k) => pick(wire(k), options.fields)) });
  };
  const newKey = (body: ReturnType<typeof asObject>) => {
    const expiresAt = dateTime(body, 'expires_at', true);
    return { name: name(body, 'name', true) as string, expiresAt: expiresAt ?? null };
  };
  return [
    route('GET', '/v2/api_keys', (call) => list(call, false)),
    route('POST', '/v2/api_keys', async (call) => {
      const body = asObject(await call.body());
      rejectUnknown(body, ['name', 'user_id', 'expires_at']);
      const userId = body.user_id;
      if (typeof userId !== 'string')
        throw userError('bad_request', "body.user_id: is required (the service user's id)");
      return created(
        await createServiceKey(ctx, call.principal, parseId('users', userId, 'body.user_id'), newKey(body)),
      );
    }),
    route('GET', '/v2/current_api_keys', (call) => list(call, true)),
    route('POST', '/v2/current_api_keys', async (call) => {
      const body = asObject(await call.body());
      rejectUnknown(body, ['name', 'expires_at']);
      return created(await createInteractiveKey(ctx, call.principal, newKey(body)));
    }),
    route('GET', '/v2/api_keys/:id', async (call) => {
      return ok({
        result: wire(await viewKey(ctx, call.principal, parseId('apikeys', call.params[0] ?? '', 'path id'))),
      });
    }),
    route('PATCH', '/v2/api_keys/:id', async (call) => {
      const id = parseId('apikeys', call.params[0] ?? '', 'path id');
      const body = asObject(await call.body());
      const current = await getKeyFor(ctx, call.principal, id, 'api_key.update');
      checkPatch(body, wire(current), {
        mutable: ['name', 'state'],
        readOnly: ['id', 'type', 'user_id', 'user_name', 'user_email', 'expires_at', 'created_at', 'created_by'],
        volatile: ['last_used_at', 'updated_at', 'updated_by'],
      });
      // An expired key sent back as-is (state "expired") reaches the expiry rule and gets its 409.
      const state =
        body.state === 'expired' && current.expiresAt !== null && current.expiresAt <= ctx.clock.now()
          ? current.state
          : oneOf(body, 'state', ['enabled', 'disabled'] as const, false);
      const patch = {
        ...(state === undefined ? {} : { state }),
        ...(body.name === undefined ? {} : { name: name(body, 'name', true) as string }),
      };
      return ok({ result: wire(await patchKey(ctx, call.principal, id, patch)) });
    }),
    route('DELETE', '/v2/api_keys/:id', async (call) => {
      await deleteKeyFor(ctx, call.principal, parseId('apikeys', call.params[0] ?? '', 'path id'));
      return ok({});
    }),
  ];
}
