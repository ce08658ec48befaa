// /v2/notifications: the caller's in-app expiry notices (the notifications module creates them) and their read state.
// Never shows or changes one user's notices for another.
import { userError } from '../../../kernel/errors.js';
import type { KeyServiceContext } from '../../service/context.js';
import { listNotifications, NOTIFICATION_PREFIX } from '../../notifications/list.js';
import { setRead, unreadCount } from '../../sessions/notification-reads.js';
import { asObject, bool, rejectUnknown } from '../input.js';
import { ok, route, type Route } from '../router.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A notice id, bare or `notifications/<uuid>`, as a bare uuid; a 400 naming `where` otherwise. */
function noticeId(value: unknown, where: string): string {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  const bare = text.startsWith(NOTIFICATION_PREFIX) ? text.slice(NOTIFICATION_PREFIX.length) : text;
  if (!UUID.test(bare))
    throw userError('bad_request', `${where}: not a notification id (a UUID, bare or prefixed ${NOTIFICATION_PREFIX})`);
  return bare;
}

export function notificationRoutes(ctx: KeyServiceContext): Route[] {
  return [
    route('GET', '/v2/notifications', async (call) =>
      ok({ results: await listNotifications(ctx.db, call.principal.user.id, call.url.searchParams) }),
    ),
    route('GET', '/v2/notifications/unread_count', async (call) =>
      ok({ result: { unread: await unreadCount(ctx.db, call.principal.user.id) } }),
    ),
    route('POST', '/v2/notifications/mark_read', async (call) => {
      const body = asObject(await call.body());
      rejectUnknown(body, ['ids', 'all']);
      const all = bool(body, 'all') === true;
      if (all === Object.hasOwn(body, 'ids'))
        throw userError('bad_request', 'body: give either "ids" (a list of notification ids) or "all": true');
      if (!all && !Array.isArray(body.ids))
        throw userError('bad_request', 'body.ids: expected a list of notification ids');
      const ids = all ? null : (body.ids as unknown[]).map((id, i) => noticeId(id, `body.ids[${i}]`));
      return ok({ result: { updated: await setRead(ctx.db, call.principal.user.id, ids, true) } });
    }),
    route('PATCH', '/v2/notifications/:id', async (call) => {
      const id = noticeId(call.params[0], 'path id');
      const body = asObject(await call.body());
      rejectUnknown(body, ['read']);
      const read = bool(body, 'read');
      if (read === undefined) throw userError('bad_request', 'body.read: required (true or false)');
      await setRead(ctx.db, call.principal.user.id, [id], read);
      const found = await listNotifications(
        ctx.db,
        call.principal.user.id,
        new URLSearchParams({ _filter: `id=="${id}"` }),
      );
      if (found[0] === undefined) throw userError('not_found', `notification ${NOTIFICATION_PREFIX}${id} not found`);
      return ok({ result: found[0] });
    }),
  ];
}
