// The top bar: brand, the sections the person may use, the notification bell and the user menu with Sign out.
// Never lists a section the permissions do not allow; collapses into a Menu button on narrow screens.
import { useState } from 'preact/hooks';
import { usePortal } from '../app-context.js';
import { linkHandler } from '../router.js';
import { SECTIONS } from './nav.js';
import { NotificationBell } from './notification-bell.js';

export function TopBar({ path, unread, onSignOut }: { path: string; unread: number; onSignOut: () => void }) {
  const { session } = usePortal();
  const [menuOpen, setMenuOpen] = useState(false);
  const sections = SECTIONS.filter((s) => s.allowed(session));
  return (
    <header class="top-bar">
      <a class="brand" href="/keys" onClick={linkHandler('/keys')}>
        keyward
      </a>
      <button
        type="button"
        class="menu-button button"
        aria-expanded={menuOpen}
        aria-controls="main-nav"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        Menu
      </button>
      <nav id="main-nav" aria-label="Portal" class={menuOpen ? 'main-nav open' : 'main-nav'}>
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <a
                href={s.path}
                aria-current={path === s.path ? 'page' : undefined}
                onClick={(e) => {
                  setMenuOpen(false);
                  linkHandler(s.path)(e);
                }}
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="top-tools">
        <NotificationBell unread={unread} />
        <span class="user-name" title={session.user.email ?? undefined}>
          {session.user.name}
        </span>
        <button type="button" class="button button-small" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
