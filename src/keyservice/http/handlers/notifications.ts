// GET /v2/notifications: the caller's in-app expiry notices, newest first (the notifications module creates them).
// Never shows one user another user's notices.
import type { KeyServiceContext } from '../../service/context.js';
import { prefixedId } from '../ids.js';
import { ok, route, type Route } from '../router.js';

interface NotificationRow {
  id: string; key_id: string; kind: string; day: string | Date; created_at: Date | string; read: boolean;
}

export function notificationRoutes(ctx: KeyServiceContext): Route[] {
  return [
    route('GET', '/v2/notifications', async (call) => {
      const rows = await ctx.db.query<NotificationRow>(
        `SELECT id::text AS id, key_id, kind, to_char(day, 'YYYY-MM-DD') AS day, created_at, read FROM notifications
         WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 1000`,
        [call.principal.user.id],
      );
      return ok({
        results: rows.map((r) => ({
          id: r.id, kind: r.kind, key_id: prefixedId('apikeys', r.key_id), day: String(r.day),
          created_at: new Date(r.created_at).toISOString(), read: r.read,
        })),
      });
    }),
  ];
}
