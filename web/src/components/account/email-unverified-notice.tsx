import { Alert } from '../ui/alert';

/**
 * What a page shows instead of a generic error when the server answers `403 email_unverified`: why, and where
 * to get a new link (the banner at the top of every signed-in page).
 */
export function EmailUnverifiedNotice({ action }: { action: string }) {
  return (
    <Alert tone="info" title={`Confirm your email address to ${action}.`}>
      <p>
        Open the link we emailed you. No email? Use “Resend the link” in the banner at the top of this page.
      </p>
    </Alert>
  );
}
