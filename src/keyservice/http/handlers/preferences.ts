// HTTP handlers for /v2/preferences: the caller's own portal preferences (the key table's columns, ...).
// Never reads or writes another user's preferences; values are stored as given, at most 16 KiB of JSON each.
import { userError } from '../../../kernel/errors.js';
import type { KeyServiceContext } from '../../service/context.js';
import { MAX_PREFERENCES, deletePreference, listPreferences, putPreference } from '../../sessions/preferences-repo.js';
import { asObject, rejectUnknown } from '../input.js';
import { ok, route, type Route } from '../router.js';

const NAME = /^[a-z0-9._-]{1,64}$/;
const MAX_VALUE = 16 * 1024;

function preferenceName(raw: string | undefined): string {
  if (raw === undefined || !NAME.test(raw)) {
    throw userError('bad_request', 'path: a preference name is 1 to 64 characters of a-z, 0-9, ".", "_" and "-"');
  }
  return raw;
}

export function preferenceRoutes(ctx: KeyServiceContext): Route[] {
  return [
    route('GET', '/v2/preferences', async (call) =>
      ok({ result: await listPreferences(ctx.db, call.principal.user.id) }),
    ),
    route('PUT', '/v2/preferences/:id', async (call) => {
      const name = preferenceName(call.params[0]);
      const body = asObject(await call.body());
      rejectUnknown(body, ['value']);
      if (!Object.hasOwn(body, 'value')) throw userError('bad_request', 'body.value: required (any JSON value)');
      const json = JSON.stringify(body.value);
      if (Buffer.byteLength(json) > MAX_VALUE)
        throw userError('bad_request', `body.value: larger than ${MAX_VALUE / 1024} KiB`);
      if (!(await putPreference(ctx.db, call.principal.user.id, name, json, ctx.clock.now()))) {
        throw userError('conflict', `a user keeps at most ${MAX_PREFERENCES} preferences; delete one first`);
      }
      return ok({ result: { name, value: body.value } });
    }),
    route('DELETE', '/v2/preferences/:id', async (call) => {
      await deletePreference(ctx.db, call.principal.user.id, preferenceName(call.params[0]));
      return ok({});
    }),
  ];
}
