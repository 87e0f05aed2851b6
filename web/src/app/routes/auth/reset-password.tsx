import { PageHeading } from '../../../components/ui/page-heading';
import { ExpiredResetLink, ResetPasswordForm } from '../../../features/auth/components/reset-password-form';
import { useLinkToken } from '../../../features/auth/hooks/use-link-token';

export function ResetPasswordRoute() {
  const token = useLinkToken();
  return (
    <>
      <PageHeading title="Choose a new password">
        After this, you are logged out everywhere and log in with the new password.
      </PageHeading>
      {token ? <ResetPasswordForm token={token} /> : <ExpiredResetLink />}
    </>
  );
}
