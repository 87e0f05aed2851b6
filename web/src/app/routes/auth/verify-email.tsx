import { PageHeading } from '../../../components/ui/page-heading';
import { VerifyEmailStatus } from '../../../features/auth/components/verify-email-status';
import { useLinkToken } from '../../../features/auth/hooks/use-link-token';

export function VerifyEmailRoute() {
  const token = useLinkToken();
  return (
    <>
      <PageHeading title="Confirm your email address" />
      <VerifyEmailStatus token={token} />
    </>
  );
}
