// The shell: finds the session (or shows sign-in / set-password), then the top bar and the page for the path.
// Never keeps the session's CSRF token anywhere but memory, and shows only the pages the permissions allow.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient } from './api/client.js';
import { ApiError } from './api/errors.js';
import { AppContext, type PortalContext } from './app-context.js';
import { navigate, PATHS, usePath } from './router.js';
import type { Session } from './session.js';
import { SignInPage } from './pages/sign-in.js';
import { SetPasswordPage } from './pages/set-password.js';
import { TopBar } from './shell/top-bar.js';
import { PageFor } from './shell/pages.js';

type Phase =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly session: Session };

export function App() {
  const path = usePath();
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const csrf = useRef<string | undefined>(undefined);
  const [unread, setUnread] = useState(0);
  const api = useMemo(
    () =>
      new ApiClient({
        csrfToken: () => csrf.current,
        onSignedOut: () => {
          csrf.current = undefined;
          setPhase({ kind: 'signed-out' });
        },
      }),
    [],
  );
  const signedIn = useCallback((session: Session) => {
    csrf.current = session.csrf_token;
    setPhase({ kind: 'signed-in', session });
    if (location.pathname === PATHS.signIn || location.pathname === '/') navigate(PATHS.myKeys, true);
  }, []);
  useEffect(() => {
    if (location.pathname === PATHS.setPassword) return setPhase({ kind: 'signed-out' });
    api.request<{ result: Session }>('GET', '/auth/v1/session').then(
      (r) => signedIn(r.result),
      (err: unknown) => {
        if (!(err instanceof ApiError) || err.status !== 401) csrf.current = undefined;
        setPhase({ kind: 'signed-out' });
      },
    );
  }, [api, signedIn]);
  const refreshUnread = useCallback(() => {
    api.get<{ unread: number }>('/v2/notifications/unread_count').then(
      (r) => setUnread(r.unread),
      () => undefined,
    );
  }, [api]);
  useEffect(() => {
    if (phase.kind === 'signed-out' && path !== PATHS.signIn && path !== PATHS.setPassword)
      navigate(PATHS.signIn, true);
    if (phase.kind === 'signed-in') refreshUnread();
  }, [phase, path, refreshUnread]);
  const signOut = useCallback(async () => {
    await api.request('POST', '/auth/v1/sign_out', {}).catch(() => undefined);
    csrf.current = undefined;
    setPhase({ kind: 'signed-out' });
  }, [api]);
  const ctx = useMemo<PortalContext | null>(
    () => (phase.kind === 'signed-in' ? { api, session: phase.session, refreshUnread, now: () => Date.now() } : null),
    [api, phase, refreshUnread],
  );

  if (path === PATHS.setPassword) return <SetPasswordPage api={api} />;
  if (phase.kind === 'checking')
    return (
      <main id="main" class="auth-page">
        <p role="status">Loading…</p>
      </main>
    );
  if (ctx === null) return <SignInPage api={api} onSignedIn={signedIn} />;
  return (
    <AppContext.Provider value={ctx}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar path={path} unread={unread} onSignOut={signOut} />
      <main id="main" tabIndex={-1} class="page">
        <PageFor path={path} />
      </main>
    </AppContext.Provider>
  );
}
