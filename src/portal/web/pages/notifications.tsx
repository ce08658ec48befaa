// All notifications (seed 002: Notifications → All Notifications): the daily 14-day expiry notices, read or not.
// Never shows another person's notices (the API lists the caller's only); marking read updates the bell.
import { useState } from 'preact/hooks';
import { bareId } from '../api/client.js';
import { describeError } from '../api/errors.js';
import type { Notification } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { ErrorMessage } from '../components/message.js';
import { showTime } from '../format.js';
import { useLoad } from './use-load.js';

export function NotificationsPage() {
  const { api, refreshUnread } = usePortal();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useLoad(
    () =>
      api.list<Notification>('/v2/notifications', {
        filter: onlyUnread ? 'read == false' : '',
        orderBy: [{ field: 'created_at', desc: true }],
        limit: 200,
      }),
    [onlyUnread],
  );
  const change = async (call: () => Promise<unknown>) => {
    setError(null);
    try {
      await call();
      list.reload();
      refreshUnread();
    } catch (err) {
      setError(describeError(err));
    }
  };
  const items = list.data ?? [];
  return (
    <section aria-labelledby="notifications-title">
      <div class="page-head">
        <h1 id="notifications-title">All Notifications</h1>
        <button
          type="button"
          class="button"
          disabled={!items.some((n) => !n.read)}
          onClick={() => change(() => api.create('/v2/notifications/mark_read', { all: true }))}
        >
          Mark all as read
        </button>
      </div>
      <p class="lead">
        Fourteen days before one of your keys expires, you get a notice here every day until you replace it.
      </p>
      <label class="check">
        <input type="checkbox" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.currentTarget.checked)} /> Unread
        only
      </label>
      <ErrorMessage text={list.error ?? error} />
      {list.loading && list.data === undefined ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p>No notifications.</p>
      ) : (
        <ul class="notice-list notice-list-page">
          {items.map((n) => (
            <li key={n.id} class={n.read ? 'notice-read' : 'notice-unread'}>
              <p>
                <span class="visually-hidden">{n.read ? 'Read: ' : 'Unread: '}</span>
                {n.message}
              </p>
              <p class="hint">
                {showTime(n.created_at)}
                {n.days_left !== null ? ` · ${n.days_left} days left` : ' · key deleted'}
              </p>
              <button
                type="button"
                class="button button-small"
                aria-label={`${n.read ? 'Mark as unread' : 'Mark as read'}: ${n.key_name ?? 'notice'} ${n.day}`}
                onClick={() => change(() => api.patch(`/v2/notifications/${bareId(n.id)}`, { read: !n.read }))}
              >
                {n.read ? 'Mark as unread' : 'Mark as read'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
