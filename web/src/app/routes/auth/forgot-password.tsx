import { PageHeading } from '../../../components/ui/page-heading';
import { ForgotPasswordForm } from '../../../features/auth/components/forgot-password-form';

export function ForgotPasswordRoute() {
  return (
    <>
      <PageHeading title="Reset your password">
        Enter your account’s email address and we will send you a link to choose a new password.
      </PageHeading>
      <ForgotPasswordForm />
    </>
  );
}
