import { Link, NavLink, Outlet } from 'react-router';
import { env } from '../../config/env';
import { paths } from '../../config/paths';
import { LogoutButton } from '../../features/auth/components/logout-button';

const navigation = [
  { to: paths.home, label: 'Home' },
  { to: paths.discover, label: 'Discover' },
  { to: paths.matches, label: 'Matches' },
  { to: paths.photos, label: 'Photos' },
  { to: paths.profile, label: 'Profile' },
  { to: paths.settings, label: 'Settings' },
];

/** Signed-in pages. Onboarding hides the navigation: nothing behind it works without a profile. */
export function AppLayout({ showNavigation = true }: { showNavigation?: boolean }) {
  return (
    <div className="app-shell">
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
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === paths.home}>
                    {item.label}
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
