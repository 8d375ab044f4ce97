/** Where the identity provider sends the browser back: finish the code exchange, then continue. */
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSignInOptions } from '../api/queries';
import { ErrorNotice } from '../components/ErrorNotice';
import { completeOidcSignIn } from './oidc';
import { signIn } from './session';

export function OidcCallback() {
  const options = useSignInOptions();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);

  useEffect(() => {
    const oidc = options.data?.oidc;
    if (!oidc || started.current) return;
    started.current = true;
    completeOidcSignIn(oidc, new URLSearchParams(window.location.search))
      .then(({ token, returnTo }) => {
        signIn({ token, method: 'oidc' });
        void navigate(returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/', {
          replace: true,
        });
      })
      .catch(setError);
  }, [options.data, navigate]);

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <h1>Signing in…</h1>
        {options.data && !options.data.oidc && <p>OIDC sign-in is not configured on this service.</p>}
        <ErrorNotice title="Sign-in failed" error={error ?? options.error} />
        {error != null && <a href="/">Back to sign-in</a>}
      </div>
    </main>
  );
}
