import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { PageLoader } from '../../components/ui/page-loader';
import { useSession } from '../../lib/session';

/** After an in-app navigation, focus the new page's heading so assistive technology announces the page. */
function useFocusHeadingOnNavigation() {
  const location = useLocation();
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (location.key === 'default') return;
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [location.key]);
}

/** Waits for the silent refresh that restores a session after a reload, then shows the page. */
export function RootLayout() {
  const { status } = useSession();
  useFocusHeadingOnNavigation();
  if (status === 'restoring') {
    return (
      <main className="app-main app-main--centered">
        <PageLoader />
      </main>
    );
  }
  return (
    <>
      <ScrollRestoration />
      <Outlet />
    </>
  );
}
