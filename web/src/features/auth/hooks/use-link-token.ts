import { useEffect, useState } from 'react';

/**
 * The `token` of a mailed link (`/reset-password?token=...`, `/verify-email?token=...`), read once. It is then
 * removed from the address bar (history.replaceState), so it does not stay in the history, in a bookmark or
 * in a screenshot of the page.
 */
export function useLinkToken(): string | null {
  const [token] = useState(() => new URLSearchParams(window.location.search).get('token'));
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has('token')) return;
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }, []);
  return token || null;
}
