import { type FormEvent, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { PasswordField } from '../../../components/ui/password-field';
import { ApiError } from '../../../lib/api-error';
import { useDeleteAccount } from '../api/delete-account';
import { useExportMyData } from '../api/export-my-data';

const failureMessage = (error: unknown) =>
  error instanceof ApiError ? error.message : 'Something went wrong; please try again.';

/** Export (a JSON download) and account deletion (docs/api.md, Me, profile, privacy). */
export function YourData() {
  const exportData = useExportMyData();
  const remove = useDeleteAccount();
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const wrongPassword = remove.error instanceof ApiError && remove.error.code === 'invalid_credentials';

  const submitDelete = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    remove.mutate({ password });
  };

  return (
    <section className="card settings-section" aria-labelledby="data-title">
      <h2 id="data-title">Your data and your account</h2>

      <h3>Export my data</h3>
      <p className="muted">
        Download everything stored about you (account, profile, photos, swipes, matches past and present,
        messages, blocks, reports you made, sign-ins, security events) as a JSON file.
      </p>
      <Button type="button" onClick={() => exportData.mutate()} disabled={exportData.isPending}>
        {exportData.isPending ? 'Preparing…' : 'Download my data'}
      </Button>
      {exportData.isError ? (
        <Alert tone="error" title="The export failed">
          {failureMessage(exportData.error)}
        </Alert>
      ) : null}

      <h3>Delete my account</h3>
      <p className="muted">
        Erases your account, profile, photos, matches and messages for good. Your matches see that the match
        ended. Reports you made stay with our moderators, without your name or your words.
      </p>
      <form onSubmit={submitDelete} noValidate>
        <PasswordField
          name="delete-password"
          label="Your password"
          autoComplete="current-password"
          value={password}
          onChange={(value) => setPassword(value)}
          errors={wrongPassword ? ['That is not your password.'] : []}
        />
        {confirming ? (
          <Alert tone="error" title="This cannot be undone">
            Press “Delete my account for good” to confirm.
          </Alert>
        ) : null}
        {remove.isError && !wrongPassword ? (
          <Alert tone="error" title="The account was not deleted">
            {failureMessage(remove.error)}
          </Alert>
        ) : null}
        <Button type="submit" disabled={remove.isPending || password === ''}>
          {remove.isPending ? 'Deleting…' : confirming ? 'Delete my account for good' : 'Delete my account'}
        </Button>
      </form>
    </section>
  );
}
