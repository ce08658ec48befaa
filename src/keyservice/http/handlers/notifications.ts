// GET /v2/notifications: the caller's in-app expiry notices, newest first (the notifications module creates them).
// Never shows one user another user's notices.
import type { KeyServiceContext } from '../../service/context.js';
import { listNotifications } from '../../notifications/list.js';
import { ok, route, type Route } from '../router.js';

export function notificationRoutes(ctx: KeyServiceContext): Route[] {
  return [
    route('GET', '/v2/notifications', async (call) => ok({ results: await listNotifications(ctx.db, call.principal.user.id, call.url.searchParams) })),
  ];
}
