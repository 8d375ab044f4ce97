/** The frame of every signed-in page: the top bar (product, navigation, who is signed in) and the page. */
import { NavLink, Outlet } from 'react-router';
import { useMe } from '../api/queries';
import { MeContext } from '../auth/me';
import { signOut, useSession } from '../auth/session';
import { ErrorNotice } from './ErrorNotice';

export function Layout() {
  const session = useSession();
  const me = useMe(session?.token ?? null);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            p
          </span>
          <span className="brand-name">promo</span>
          <span className="brand-sub">Package and Deploy</span>
        </div>
        <nav aria-label="Main" className="nav">
          <NavLink to="/" end>
            Queues
          </NavLink>
          {me.data?.roles.includes('admin') && <NavLink to="/notifications">Notifications</NavLink>}
          {me.data?.roles.includes('admin') && <NavLink to="/audit">Audit log</NavLink>}
        </nav>
        <div className="who">
          {me.data && (
            <span className="who-name" title={me.data.roles.join(', ')}>
              {me.data.email} <span className="who-roles">({me.data.roles.join(', ') || 'no role'})</span>
            </span>
          )}
          <button type="button" className="button button-quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="page">
        {me.isPending && <p aria-live="polite">Loading…</p>}
        {me.error && <ErrorNotice title="Who you are could not be read" error={me.error} />}
        {me.data && (
          <MeContext.Provider value={me.data}>
            <Outlet />
          </MeContext.Provider>
        )}
      </main>
    </>
  );
}
