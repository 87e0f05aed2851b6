import type { ComponentType } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import {
  ChatIcon,
  CompassIcon,
  HeartIcon,
  ImageIcon,
  SettingsIcon,
  UserIcon,
} from '../../components/ui/icons';
import { env } from '../../config/env';
import { paths } from '../../config/paths';
import { LogoutButton } from '../../features/auth/components/logout-button';
import { likesCountLabel, useLikes } from '../../features/likes/api/get-likes';
import { useLiveMatches } from '../../features/matches/hooks/use-live-matches';
import { useMe } from '../../lib/current-user';

const navigation: readonly { to: string; label: string; Icon: ComponentType<{ className?: string }> }[] = [
  { to: paths.discover, label: 'Discover', Icon: CompassIcon },
  { to: paths.likes, label: 'Likes', Icon: HeartIcon },
  { to: paths.matches, label: 'Matches', Icon: ChatIcon },
  { to: paths.photos, label: 'Photos', Icon: ImageIcon },
  { to: paths.profile, label: 'Profile', Icon: UserIcon },
  { to: paths.settings, label: 'Settings', Icon: SettingsIcon },
];

/**
 * Signed-in pages. The main navigation is a tab bar at the bottom of a phone's screen (in thumb reach) and a
 * row under the header on wider screens: one element, placed by CSS. Onboarding hides it: nothing behind it
 * works without a profile. With a profile, the matches list follows the WebSocket on every page.
 */
export function AppLayout({ showNavigation = true }: { showNavigation?: boolean }) {
  const me = useMe();
  const withProfile = showNavigation && me.data?.profileComplete === true;
  useLiveMatches(withProfile);
  const likesCount = likesCountLabel(useLikes({ enabled: withProfile }).data);
  return (
    <div className={showNavigation ? 'app-shell app-shell--tabs' : 'app-shell'}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__bar">
          <Link className="brand" to={paths.home}>
            {env.appName}
          </Link>
          <LogoutButton />
        </div>
        {showNavigation && (
          <nav className="app-nav" aria-label="Main">
            <ul>
              {navigation.map(({ to, label, Icon }) => (
                <li key={to}>
                  <NavLink to={to}>
                    <Icon className="app-nav__icon" />
                    <span>{label}</span>
                    {to === paths.likes && likesCount !== null && (
                      <span className="badge">
                        {likesCount}
                        <span className="visually-hidden"> new likes</span>
                      </span>
                    )}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
