import { LoginRequest, ModerationNotice as NoticeSchema } from '@dating/functions/contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { ModerationNotice } from '../../../components/notices/moderation-notice';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-error';
import { useLogin } from '../api/login';
import { CredentialsForm } from './credentials-form';

/** The notice of a refused login (a suspended or banned account): what happened, until when, the appeal. */
function restrictionNotice(error: unknown) {
  if (!(error instanceof ApiError)) return null;
  if (error.code !== 'account_suspended' && error.code !== 'account_banned') return null;
  const parsed = NoticeSchema.safeParse(error.details.notice);
  return parsed.success ? parsed.data : null;
}

export function LoginForm() {
  const [notice, setNotice] = useState<ReturnType<typeof restrictionNotice>>(null);
  const useLoginSubmission = (onError: (error: unknown) => void) =>
    useLogin({
      mutationConfig: {
        onError: (error) => {
          setNotice(restrictionNotice(error));
          onError(error);
        },
      },
    });
  return (
    <>
      {notice && <ModerationNotice notice={notice} dismissible={false} />}
      <CredentialsForm
        schema={LoginRequest}
        useSubmission={useLoginSubmission}
        label="Log in"
        submitLabel="Log in"
        emailAutoComplete="username"
        passwordAutoComplete="current-password"
        aside={
          <>
            New here? <Link to={paths.register}>Create an account</Link>
          </>
        }
      />
    </>
  );
}
