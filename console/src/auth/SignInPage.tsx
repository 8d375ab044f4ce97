/**
 * Sign-in: paste an API token; in sandbox mode, one click per demo user; with OIDC configured,
 * the organisation's sign-in (authorization code + PKCE). The token is checked with `GET /me`
 * before the session starts, so a wrong token is refused here with the service's code.
 */
import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { ApiError, toApiError } from '../api/client';
import { useDemoUsers, useSignInOptions } from '../api/queries';
import type { SignInMethod } from './session';
import { signIn, signOutNotice } from './session';
import { startOidcSignIn } from './oidc';
import { ErrorNotice } from '../components/ErrorNotice';

/** Asks the service who the token belongs to; throws its refusal. */
async function checkToken(token: string): Promise<void> {
  const response = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null));
}

export function SignInPage() {
  const options = useSignInOptions();
  const demoUsers = useDemoUsers(options.data?.sandboxDemoUsers === true);
  const location = useLocation();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const notice = signOutNotice();

  async function begin(value: string, method: SignInMethod) {
    setBusy(true);
    setError(null);
    try {
      await checkToken(value);
      signIn({ token: value, method });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new Error(String(failure)));
    } finally {
      setBusy(false);
    }
  }

  function submitToken(event: FormEvent) {
    event.preventDefault();
    void begin(token.trim(), 'token');
  }

  async function oidc() {
    if (!options.data?.oidc) return;
    setError(null);
    try {
      await startOidcSignIn(options.data.oidc, `${location.pathname}${location.search}`);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            p
          </span>
          <div>
            <h1>promo</h1>
            <p className="brand-sub">Package and Deploy for Boomi</p>
          </div>
        </div>
        {notice && <p className="notice notice-warning">{notice}</p>}
        <ErrorNotice title="Sign-in refused" error={error} />
        {options.error && <ErrorNotice title="The service could not be reached" error={options.error} />}

        {options.data?.oidc && (
          <section aria-labelledby="oidc-title" className="signin-section">
            <h2 id="oidc-title">Your organisation</h2>
            <button type="button" className="button button-primary wide" onClick={() => void oidc()}>
              Sign in with your organisation (OIDC)
            </button>
          </section>
        )}

        {options.data?.sandboxDemoUsers && (
          <section aria-labelledby="demo-title" className="signin-section">
            <h2 id="demo-title">Sandbox demo users</h2>
            <p className="hint">Sandbox mode only: sign in as one of the demo world’s people in one click.</p>
            {demoUsers.error && <ErrorNotice error={demoUsers.error} />}
            <ul className="demo-users">
              {demoUsers.data?.items.map((user) => (
                <li key={user.email}>
                  <button
                    type="button"
                    className="button button-secondary wide"
                    disabled={busy}
                    onClick={() => void begin(user.token, 'demo')}
                  >
                    <span>{user.email}</span>{' '}
                    <span className="badge badge-neutral">{user.roles.join(', ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}

        <section aria-labelledby="token-title" className="signin-section">
          <h2 id="token-title">API token</h2>
          <form onSubmit={submitToken} className="form">
            <label htmlFor="token">Paste an API token or a JWT</label>
            <input
              id="token"
              type="password"
              autoComplete="off"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              required
            />
            <p className="hint">
              Kept in this tab only (session storage); <code>npx promo token create</code> makes one.
            </p>
            <button type="submit" className="button button-primary" disabled={busy || token.trim() === ''}>
              Sign in
            </button>
          </form>
        </section>
      </div>
    </main>
  );
}
