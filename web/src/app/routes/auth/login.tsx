import { PageHeading } from '../../../components/ui/page-heading';
import { LoginForm } from '../../../features/auth/components/login-form';
import { LoginNotice } from '../../../features/auth/components/login-notice';

export function LoginRoute() {
  return (
    <>
      <PageHeading title="Log in">Welcome back.</PageHeading>
      <LoginNotice />
      <LoginForm />
    </>
  );
}
