import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { PageLoader } from '../../../components/ui/page-loader';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-error';
import { useSession } from '../../../lib/session';
import { useVerifyEmail } from '../api/verify-email';

const codeOf = (error: unknown) => (error instanceof ApiError ? error.code : null);

/** Where to go on: the app when this browser is signed in, the login page otherwise. */
function ContinueLink() {
  const { status } = useSession();
  return status === 'authenticated' ? (
    <Link to={paths.home}>Continue to the app</Link>
  ) : (
    <Link to={paths.login}>Log in</Link>
  );
}

/**
 * Confirms a mailed link's token once, as soon as the page opens (also under React's StrictMode, which runs
 * effects twice in development), and shows what came of it.
 */
export function VerifyEmailStatus({ token }: { token: string | null }) {
  const verification = useVerifyEmail();
  const sent = useRef(false);
  const { mutate } = verification;
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, mutate]);

  if (token && (verification.isIdle || verification.isPending)) {
    return <PageLoader label="Confirming your email address…" />;
  }
  if (verification.isSuccess) {
    return (
      <Alert tone="success" title="Your email address is confirmed">
        <p>
          <strong>{verification.data.email}</strong> is the address of your account now.
        </p>
        <p>
          <ContinueLink />
        </p>
      </Alert>
    );
  }
  const code = token ? codeOf(verification.error) : 'invalid_token';
  if (code === 'email_taken') {
    return (
      <Alert title="That address belongs to another account now">
        <p>
          Someone registered it after you asked for the change, so your email address stays as it was. You can
          choose another address in Settings.
        </p>
        <p>
          <Link to={paths.settings}>Go to Settings</Link>
        </p>
      </Alert>
    );
  }
  if (code === 'invalid_token') {
    return (
      <Alert title="This link has expired or was already used">
        <p>
          If your address is not confirmed yet, log in and use “Resend the link” in the banner at the top of
          the page; only the newest link works.
        </p>
        <p>
          <ContinueLink />
        </p>
      </Alert>
    );
  }
  return (
    <Alert
      title="Your email address could not be confirmed yet"
      items={verification.error ? [verification.error.message] : []}
    >
      <Button variant="secondary" onClick={() => token && mutate(token)}>
        Try again
      </Button>
    </Alert>
  );
}
