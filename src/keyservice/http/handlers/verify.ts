// POST /v2/api_keys/verify: how users' own services check a presented key; failures are audited.
// Never echoes the presented key, and never says whether a wrong secret matched a known key id.
import { userError } from '../../../core/errors.js';
import { checkKey } from '../../auth/authenticator.js';
import { audit, type KeyServiceContext } from '../../service/context.js';
import { asObject, rejectUnknown } from '../input.js';
import { prefixedId } from '../ids.js';
import { ok, route, type Route } from '../router.js';

export function verifyRoutes(ctx: KeyServiceContext): Route[] {
  return [
    route('POST', '/v2/api_keys/verify', async (call) => {
      const body = asObject(await call.body());
      rejectUnknown(body, ['key']);
      if (typeof body.key !== 'string') throw userError('bad_request', 'body.key: is required (the key to check, a string)');
      const check = await checkKey(ctx, body.key);
      const record = check.record;
      if (check.code !== 'VALID') {
        const target = record ? prefixedId('apikeys', record.id) : 'unknown key';
        await audit(ctx, call.principal, { action: 'api_key.verify', target, outcome: 'failure', detail: check.code });
      }
      return ok({
        result: {
          code: check.code,
          key_id: record ? prefixedId('apikeys', record.id) : null,
          user_id: record ? prefixedId('users', record.userId) : null,
          name: record?.name ?? null,
          expires_at: record?.expiresAt?.toISOString() ?? null,
        },
      });
    }),
  ];
}
