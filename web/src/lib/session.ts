import { useSyncExternalStore } from 'react';

export type SessionStatus = 'restoring' | 'anonymous' | 'authenticated';
/** How the current session began; decides where the app goes next (a new account goes to onboarding). */
export type SignInMethod = 'register' | 'login' | 'refresh';

export interface SessionSnapshot {
  readonly status: SessionStatus;
  readonly method: SignInMethod | null;
}

export interface SessionStore {
  getAccessToken(): string | null;
  /** Stores a new access token; a refresh during a session keeps the snapshot (no re-render). */
  signIn(accessToken: string, method: SignInMethod): void;
  /** Forgets the access token: logout, failed refresh, or no session to restore. */
  clear(): void;
  getSnapshot(): SessionSnapshot;
  subscribe(listener: () => void): () => void;
}

/**
 * The access token lives in this closure only: never in localStorage, sessionStorage or a readable cookie,
 * so an injected script cannot lift it from storage. A reload loses it; the HttpOnly refresh cookie restores it.
 */
export function createSessionStore(initialStatus: SessionStatus = 'restoring'): SessionStore {
  let accessToken: string | null = null;
  let snapshot: SessionSnapshot = { status: initialStatus, method: null };
  const listeners = new Set<() => void>();

  const publish = (next: SessionSnapshot) => {
    if (next.status === snapshot.status && next.method === snapshot.method) return;
    snapshot = next;
    for (const listener of listeners) listener();
  };

  return {
    getAccessToken: () => accessToken,
    signIn(token, method) {
      accessToken = token;
      if (snapshot.status !== 'authenticated') publish({ status: 'authenticated', method });
    },
    clear() {
      accessToken = null;
      publish({ status: 'anonymous', method: null });
    },
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The browser's one session. */
export const session = createSessionStore();

export const useSession = (): SessionSnapshot => useSyncExternalStore(session.subscribe, session.getSnapshot);
