import { PageHeading } from '../../../components/ui/page-heading';
import { LogoutButton } from '../../../features/auth/components/logout-button';
import { BlockedUsers } from '../../../features/safety/components/blocked-users';
import { ChangeEmailForm } from '../../../features/settings/components/change-email-form';
import { ChangePasswordForm } from '../../../features/settings/components/change-password-form';
import { EmailDeliverabilityNotice } from '../../../features/settings/components/email-deliverability-notice';
import { NotificationSettings } from '../../../features/settings/components/notification-settings';
import { SessionsList } from '../../../features/settings/components/sessions-list';
import { YourData } from '../../../features/settings/components/your-data';
import { useMe } from '../../../lib/current-user';

export function SettingsRoute() {
  const me = useMe();
  return (
    <>
      <PageHeading title="Settings">{me.data ? `Signed in as ${me.data.email}.` : null}</PageHeading>
      <div className="settings">
        <EmailDeliverabilityNotice />
        <NotificationSettings />
        <ChangeEmailForm />
        <ChangePasswordForm />
        <SessionsList />
        <BlockedUsers />
        <YourData />
        <section className="card settings-section" aria-labelledby="session-title">
          <h2 id="session-title">This device</h2>
          <p className="muted">Log out here; your other devices stay logged in.</p>
          <div>
            <LogoutButton variant="secondary" label="Log out of this device" />
          </div>
        </section>
      </div>
    </>
  );
}
