/**
 * The signed-in person's bearer token, kept in sessionStorage: it lasts as long as the tab and
 * is never written anywhere else. Components follow it through `useSession()`.
 */
import { useSyncExternalStore } from 'react';

export type SignInMethod = 'token' | 'demo' | 'oidc';

export interface Session {
  token: string;
  method: SignInMethod;
}

const KEY = 'promo.session';
const listeners = new Set<() => void>();
let notice: string | null = null;
let cached: { raw: string | null; session: Session | null } = { raw: null, session: null };

function read(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (raw !== cached.raw) {
    let session: Session | null = null;
    try {
      const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : null;
      if (parsed && typeof parsed.token === 'string' && parsed.token !== '') {
        session = { token: parsed.token, method: parsed.method ?? 'token' };
      }
    } catch {
      session = null;
    }
    cached = { raw, session };
  }
  return cached.session;
}

function changed(): void {
  for (const listener of listeners) listener();
}

export function currentToken(): string | null {
  return read()?.token ?? null;
}

export function signIn(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  notice = null;
  changed();
}

/** Ends the session; `why` is shown on the sign-in page. */
export function signOut(why: string | null = null): void {
  sessionStorage.removeItem(KEY);
  notice = why;
  changed();
}

/** Why the last session ended, if it ended on its own. */
export function signOutNotice(): string | null {
  return notice;
}

export function useSession(): Session | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, read);
}
