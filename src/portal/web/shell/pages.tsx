// Picks the page for a path, or says in a sentence why it is not there (unknown path, or not permitted).
// Never renders a section the session's permissions do not allow.
import { useEffect } from 'preact/hooks';
import { usePortal } from '../app-context.js';
import { navigate, PATHS } from '../router.js';
import { MyKeysPage } from '../pages/my-keys.js';
import { ServiceKeysPage } from '../pages/service-keys/page.js';
import { ServiceUsersPage } from '../pages/service-users.js';
import { NotificationsPage } from '../pages/notifications.js';
import { AccessPage } from '../pages/access/page.js';
import { AuditPage } from '../pages/audit.js';
import { ApiAccessPage } from '../pages/api-access.js';
import { SECTIONS } from './nav.js';

const PAGES: Readonly<Record<string, () => preact.JSX.Element>> = {
  [PATHS.myKeys]: MyKeysPage,
  [PATHS.serviceKeys]: ServiceKeysPage,
  [PATHS.serviceUsers]: ServiceUsersPage,
  [PATHS.notifications]: NotificationsPage,
  [PATHS.access]: AccessPage,
  [PATHS.audit]: AuditPage,
  [PATHS.apiAccess]: ApiAccessPage,
};

export function PageFor({ path }: { path: string }) {
  const { session } = usePortal();
  useEffect(() => {
    if (path === '/' || path === PATHS.signIn) navigate(PATHS.myKeys, true);
  }, [path]);
  useEffect(() => {
    const section = SECTIONS.find((s) => s.path === path);
    const label = section?.label ?? (path === PATHS.notifications ? 'Notifications' : 'keyward');
    document.title = `${label} · keyward portal`;
  }, [path]);
  const Page = PAGES[path];
  if (Page === undefined) {
    return (
      <section aria-labelledby="missing-title">
        <h1 id="missing-title">Page not found</h1>
        <p>There is no page at this address. Use the menu to choose a section.</p>
      </section>
    );
  }
  const section = SECTIONS.find((s) => s.path === path);
  if (section !== undefined && !section.allowed(session)) {
    return (
      <section aria-labelledby="denied-title">
        <h1 id="denied-title">{section.label}</h1>
        <p role="alert">Your roles do not allow you to use this page. Ask an administrator if you need it.</p>
      </section>
    );
  }
  return <Page />;
}
