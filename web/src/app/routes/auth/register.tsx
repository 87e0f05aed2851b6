import { PageHeading } from '../../../components/ui/page-heading';
import { RegisterForm } from '../../../features/auth/components/register-form';

export function RegisterRoute() {
  return (
    <>
      <PageHeading title="Create your account">It takes a minute. Your profile comes next.</PageHeading>
      <RegisterForm />
    </>
  );
}
