// POST /v2/api_keys/verify: how users' own services check a presented key; failures are audited.
// Never echoes the presented key, and never says whether a wrong secret matched a known key id.
import { userError } from '../../../kernel/errors.js';
import { checkKey, type KeyCheck } from '../../auth/authenticator.js';
import { auditFailure, type KeyServiceContext } from '../../service/context.js';
import type { Principal } from '../../domain/permissions.js';
import type { ApiKeyRecord } from '../../domain/types.js';
import { asObject, rejectUnknown } from '../input.js';
import { prefixedId } from '../ids.js';
import { route, type Reply, type Route } from '../router.js';

export function verifyRoutes(ctx: KeyServiceContext): Route[] {
  // The VALID answer for a cached key record, serialized once: it depends on nothing but the record, and a record
  // read again from storage (cache expiry, invalidation) is a new object, so it gets a fresh answer.
  const validAnswers = new WeakMap<ApiKeyRecord, Reply>();
  const answer = (principal: Principal, check: KeyCheck): Reply | Promise<Reply> => {
    const record = check.record;
    if (check.code === 'VALID' && record !== undefined) {
      let reply = validAnswers.get(record);
      if (reply === undefined)
        validAnswers.set(record, (reply = { status: 200, jsonText: JSON.stringify(wire(check)) }));
      return reply;
    }
    // Counted into one aggregated audit row per caller and key per window: random keys cannot flood the log.
    const target = record ? prefixedId('apikeys', record.id) : 'unknown key';
    auditFailure(ctx, principal, { action: 'api_key.verify', target, outcome: 'failure', detail: check.code });
    return { status: 200, json: wire(check) };
  };
  const verifyBody = (principal: Principal, value: unknown, connection: object): Reply | Promise<Reply> => {
    const body = asObject(value);
    rejectUnknown(body, ['key']);
    if (typeof body.key !== 'string')
      throw userError('bad_request', 'body.key: is required (the key to check, a string)');
    const check = checkKey(ctx, body.key, connection);
    return check instanceof Promise ? check.then((c) => answer(principal, c)) : answer(principal, check);
  };
  return [
    // Synchronous when the body has arrived and the key is cached (the hot path); it waits only when it must.
    route('POST', '/v2/api_keys/verify', (call) => {
      const received = call.receivedBody();
      if (received === undefined) return call.body().then((body) => verifyBody(call.principal, body, call.req.socket));
      return verifyBody(call.principal, received.value, call.req.socket);
    }),
  ];
}

function wire(check: KeyCheck): { result: Record<string, string | null> } {
  const record = check.record;
  return {
    result: {
      code: check.code,
      key_id: record ? prefixedId('apikeys', record.id) : null,
      user_id: record ? prefixedId('users', record.userId) : null,
      name: record?.name ?? null,
      expires_at: record?.expiresAt?.toISOString() ?? null,
    },
  };
}
