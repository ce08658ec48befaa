// The bell with the unread count and the "New Notifications" panel (seeds 000, 002): unread notices, mark as read.
// Never hides a failure to load: the panel says it in a sentence.
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../api/errors.js';
import type { Notification } from '../api/types.js';
import { usePortal } from '../app-context.js';
import { showTime } from '../format.js';
import { linkHandler, PATHS } from '../router.js';

const BELL_PATH =
  'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3' +
  'a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z';

export function NotificationBell({ unread }: { unread: number }) {
  const { api, refreshUnread } = usePortal();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<readonly Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const load = () =>
    api
      .list<Notification>('/v2/notifications', {
        filter: 'read == false',
        orderBy: [{ field: 'created_at', desc: true }],
        limit: 20,
      })
      .then(
        (list) => {
          setItems(list);
          setError(null);
        },
        (err: unknown) => setError(describeError(err)),
      );
  useEffect(() => {
    if (!open) return;
    void load();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  const mark = async (body: { ids: string[] } | { all: true }) => {
    try {
      await api.create('/v2/notifications/mark_read', body);
      await load();
      refreshUnread();
    } catch (err) {
      setError(describeError(err));
    }
  };
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <div class="bell" ref={wrap}>
      <button
        type="button"
        class="icon-button bell-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls="new-notifications"
        onClick={() => setOpen(!open)}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
          <path fill="currentColor" d={BELL_PATH} />
        </svg>
        {unread > 0 && (
          <span class="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section id="new-notifications" class="bell-panel" aria-labelledby="new-notifications-title">
          <div class="bell-panel-head">
            <h2 id="new-notifications-title">New Notifications</h2>
            {items !== null && items.length > 0 && (
              <button type="button" class="button button-small" onClick={() => mark({ all: true })}>
                Mark all as read
              </button>
            )}
          </div>
          {error !== null && (
            <p class="message message-error" role="alert">
              {error}
            </p>
          )}
          {items === null ? (
            <p>Loading…</p>
          ) : items.length === 0 ? (
            <p>No new notifications.</p>
          ) : (
            <ul class="notice-list">
              {items.map((n) => (
                <li key={n.id}>
                  <p>{n.message}</p>
                  <p class="hint">{showTime(n.created_at)}</p>
                  <button
                    type="button"
                    class="button button-small"
                    onClick={() => mark({ ids: [n.id] })}
                    aria-label={`Mark as read: ${n.key_name ?? 'notice'}`}
                  >
                    Mark as read
                  </button>
                </li>
              ))}
            </ul>
          )}
          <a
            href={PATHS.notifications}
            onClick={(e) => {
              setOpen(false);
              linkHandler(PATHS.notifications)(e);
            }}
          >
            All notifications
          </a>
        </section>
      )}
    </div>
  );
}
