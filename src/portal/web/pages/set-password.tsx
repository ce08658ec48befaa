// The page of a one-time set-password link: reads the token from the URL fragment, then forgets the fragment.
// Never sends the token anywhere but POST /auth/v1/set_password, and never puts it in a query or storage.
import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { describeError } from '../api/errors.js';
import { ErrorMessage } from '../components/message.js';
import { navigate, PATHS } from '../router.js';
import { TextField } from '../components/text-field.js';

/** Takes the token out of `#token=…` and removes it from the address bar and history. */
function takeToken(): string {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  if (location.hash !== '') history.replaceState(null, '', location.pathname);
  return token;
}

export function SetPasswordPage({ api }: { api: ApiClient }) {
  const [token] = useState(takeToken);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(
    token === ''
      ? 'This link has no token. Open the whole link you were given, or ask an administrator for a new one.'
      : null,
  );
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (password !== repeat) return setError('The two passwords differ. Type the same password twice.');
    if (password.length < 12) return setError('The password must have at least 12 characters.');
    setBusy(true);
    setError(null);
    try {
      const answer = await api.request<{ result: { user_name: string } }>('POST', '/auth/v1/set_password', {
        token,
        password,
      });
      setDone(answer.result.user_name);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setPassword('');
      setRepeat('');
      setBusy(false);
    }
  };
  return (
    <main id="main" class="auth-page">
      <section class="auth-card" aria-labelledby="set-password-title">
        <h1 id="set-password-title">Set your password</h1>
        {done !== null ? (
          <>
            <p role="status">
              The password of <strong>{done}</strong> is set. You can sign in now.
            </p>
            <button type="button" class="button button-primary button-block" onClick={() => navigate(PATHS.signIn)}>
              Go to sign-in
            </button>
          </>
        ) : (
          <form onSubmit={submit}>
            <ErrorMessage text={error} />
            <div class="field">
              <label for="new-password">New password</label>
              <input
                id="new-password"
                type="password"
                autoComplete="new-password"
                required
                minLength={12}
                maxLength={256}
                aria-describedby="new-password-hint"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
              <span class="hint" id="new-password-hint">
                12 to 256 characters, not your user name or e-mail address.
              </span>
            </div>
            <TextField
              id="repeat-password"
              label="Repeat the password"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onValue={setRepeat}
            />
            <button type="submit" class="button button-primary button-block" disabled={busy || token === ''}>
              {busy ? 'Saving…' : 'Set password'}
            </button>
          </form>
        )}
      </section>
    </main>
  );
}
