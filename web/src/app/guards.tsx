import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { LoadError } from '../components/ui/load-error';
import { PageLoader } from '../components/ui/page-loader';
import { paths } from '../config/paths';
import { useMe } from '../lib/current-user';
import { useSession } from '../lib/session';

interface ReturnState {
  from: string;
}

/** Only in-app paths: a crafted link cannot send a user elsewhere after login. */
function returnPath(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('from' in state)) return null;
  const { from } = state as ReturnState;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : null;
}

/** Pages for signed-in users. A session that ends (logout, refused refresh) lands on the login page. */
export function RequireSession() {
  const { status } = useSession();
  const location = useLocation();
  if (status !== 'authenticated') {
    const state: ReturnState = { from: `${location.pathname}${location.search}` };
    return <Navigate to={paths.login} replace state={state} />;
  }
  return <Outlet />;
}

/** Pages that need a profile: until one is saved, the user is sent to onboarding. */
export function RequireCompleteProfile() {
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.isError) {
    return <LoadError title="Your account could not be loaded." query={me} />;
  }
  if (!me.data.profileComplete) return <Navigate to={paths.onboarding} replace />;
  return <Outlet />;
}

/** Login and register: a signed-in user goes on (a brand-new account to onboarding). */
export function PublicOnly() {
  const { status, method } = useSession();
  const location = useLocation();
  if (status === 'authenticated') {
    const next = method === 'register' ? paths.onboarding : (returnPath(location.state) ?? paths.home);
    return <Navigate to={next} replace />;
  }
  return <Outlet />;
}

/** The console's chunk (`/moderation`), requested only when a moderator's page renders it. */
const ModerationConsole = lazy(async () => ({
  default: (await import('./routes/app/moderation')).ModerationRoute,
}));

/**
 * The moderation console: moderators and admins only; members are sent home (the API refuses them anyway)
 * without downloading the console's code.
 */
export function RequireModerator() {
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <LoadError title="Your account could not be loaded." query={me} />;
  if (me.data.role === 'member') return <Navigate to={paths.home} replace />;
  return (
    <Suspense fallback={<PageLoader />}>
      <ModerationConsole />
    </Suspense>
  );
}
