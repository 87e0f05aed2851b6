import type { ComponentType } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { ModerationNotice } from '../../components/notices/moderation-notice';
import { MatchAnnouncementDialog } from '../../components/notifications/match-dialog';
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
import { EmailVerificationBanner } from '../../features/auth/components/email-verification-banner';
import { LogoutButton } from '../../features/auth/components/logout-button';
import { likesCountLabel, useLikes } from '../../features/likes/api/get-likes';
import { MessageToast } from '../../features/matches/components/message-toast';
import { useLiveMatches } from '../../features/matches/hooks/use-live-matches';
import { useMatchAlerts } from '../../features/matches/hooks/use-match-alerts';
import { describeMatchCounts } from '../../features/matches/lib/match-alerts';
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
 * works without a profile. With a profile, the matches list follows the WebSocket on every page, and so do
 * the alerts: "It's a match", a toast for a message, the badge on Matches and the count in the title.
 */
export function AppLayout({ showNavigation = true }: { showNavigation?: boolean }) {
  const me = useMe();
  const live = showNavigation && me.data?.profileComplete === true;
  useLiveMatches(live);
  const alerts = useMatchAlerts(live);
  const waiting = alerts.counts.unreadConversations + alerts.counts.newMatches;
  const waitingDescription = describeMatchCounts(alerts.counts);
  const likesCount = likesCountLabel(useLikes({ enabled: live }).data);
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
          {me.data && me.data.role !== 'member' && (
            <Link className="app-header__link" to={paths.moderation}>
              Moderation
            </Link>
          )}
          <LogoutButton />
        </div>
        {showNavigation && (
          <nav className="app-nav" aria-label="Main">
            <ul>
              {navigation.map(({ to, label, Icon }) => (
                <li key={to}>
                  <NavLink
                    to={to}
                    aria-describedby={to === paths.matches && waiting > 0 ? 'matches-waiting' : undefined}
                  >
                    <Icon className="app-nav__icon" />
                    <span>{label}</span>
                    {to === paths.matches && waiting > 0 && (
                      <span className="badge app-nav__badge" aria-hidden="true" data-testid="matches-badge">
                        {waiting > 99 ? '99+' : waiting}
                      </span>
                    )}
                    {to === paths.likes && likesCount !== null && (
                      <span className="badge app-nav__badge">
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
      {/* The badge's meaning for screen readers; the link's name stays "Matches". */}
      <span id="matches-waiting" hidden>
        {waitingDescription}
      </span>
      <EmailVerificationBanner />
      <main id="main" className="app-main" tabIndex={-1}>
        {me.data?.notice && <ModerationNotice notice={me.data.notice} />}
        <Outlet />
      </main>
      {live && <MessageToast toast={alerts.toast} onDismiss={alerts.dismissToast} />}
      <MatchAnnouncementDialog />
    </div>
  );
}
