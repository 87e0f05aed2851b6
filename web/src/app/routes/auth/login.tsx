import { PageHeading } from '../../../components/ui/page-heading';
import { LoginForm } from '../../../features/auth/components/login-form';

export function LoginRoute() {
  return (
    <>
      <PageHeading title="Log in">Welcome back.</PageHeading>
      <LoginForm />
    </>
  );
}
