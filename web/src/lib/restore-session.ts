import { api } from './api-client';
import { session } from './session';

let restoring: Promise<void> | null = null;

/**
 * On page load the access token is gone (memory only) but the HttpOnly refresh cookie survives: one silent
 * refresh restores the session. Runs once per page load, outside React, so StrictMode's double effects
 * cannot send the rotating cookie twice.
 */
export function restoreSession(): Promise<void> {
  restoring ??= api.refreshSession().then(
    () => undefined,
    () => session.clear(),
  );
  return restoring;
}
