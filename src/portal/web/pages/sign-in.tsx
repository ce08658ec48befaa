// The sign-in page: user name or e-mail and password, and "Sign in with SSO" when the service has OIDC configured.
// Never keeps the password after the request, and never says whether an account exists.
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { describeError } from '../api/errors.js';
import { ErrorMessage } from '../components/message.js';
import type { AuthConfig, Session } from '../session.js';
import { TextField } from '../components/text-field.js';

const OIDC_ERRORS: Readonly<Record<string, string>> = {
  oidc_no_user: 'Single sign-on worked, but no portal user has that e-mail address. Ask an administrator to add you.',
  oidc_service_user:
    'Service users are not allowed to sign in to the portal. They are service accounts that are used by ' +
    'applications to access the portal through the API.',
  oidc_email_unverified:
    'Your identity provider has not verified your e-mail address, so it cannot be used to sign in.',
  oidc_failed: 'Single sign-on did not complete. Try again, or sign in with your password.',
};

export function SignInPage({ api, onSignedIn }: { api: ApiClient; onSignedIn: (session: Session) => void }) {
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const code = new URLSearchParams(location.search).get('error');
  const [error, setError] = useState<string | null>(
    code === null ? null : (OIDC_ERRORS[code] ?? OIDC_ERRORS.oidc_failed ?? null),
  );
  useEffect(() => {
    api.request<{ result: AuthConfig }>('GET', '/auth/v1/config').then(
      (r) => setConfig(r.result),
      (err: unknown) => setError(describeError(err)),
    );
  }, [api]);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.request<{ result: Session }>('POST', '/auth/v1/sign_in', {
        login: login.trim(),
        password,
      });
      setPassword('');
      onSignedIn(answer.result);
    } catch (err) {
      setPassword('');
      setError(describeError(err));
      setBusy(false);
    }
  };
  return (
    <main id="main" class="auth-page">
      <section class="auth-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to keyward</h1>
        <ErrorMessage text={error} />
        {config?.oidc.enabled && (
          <>
            <a class="button button-primary button-block" href="/auth/v1/oidc/start">
              Sign in with {config.oidc.name || 'SSO'}
            </a>
            <p class="divider">
              <span>or with your password</span>
            </p>
          </>
        )}
        <form onSubmit={submit}>
          <TextField
            id="login"
            label="User name or e-mail"
            name="username"
            autoComplete="username"
            required
            value={login}
            onValue={setLogin}
          />
          <TextField
            id="password"
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onValue={setPassword}
          />
          <button type="submit" class="button button-primary button-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p class="hint">
          Service users cannot sign in: they use service API keys. No password yet? Ask an administrator for a
          set-password link.
        </p>
      </section>
    </main>
  );
}
