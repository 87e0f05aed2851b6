import { LoginRequest, ModerationNotice as NoticeSchema } from '@dating/functions/contract';
import { createContext, useContext, useState } from 'react';
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

/** Where a refused login's notice goes (the form below shows it above the credentials). */
const RefusedLogin = createContext<(error: unknown) => void>(() => {});

const useLoginSubmission = (onError: (error: unknown) => void) => {
  const refused = useContext(RefusedLogin);
  return useLogin({
    mutationConfig: {
      onError: (error) => {
        refused(error);
        onError(error);
      },
    },
  });
};

export function LoginForm() {
  const [notice, setNotice] = useState<ReturnType<typeof restrictionNotice>>(null);
  return (
    <RefusedLogin.Provider value={(error) => setNotice(restrictionNotice(error))}>
      {notice && <ModerationNotice notice={notice} dismissible={false} />}
      <CredentialsForm
        schema={LoginRequest}
        useSubmission={useLoginSubmission}
        label="Log in"
        submitLabel="Log in"
        emailAutoComplete="username"
        passwordAutoComplete="current-password"
        passwordHelp={<Link to={paths.forgotPassword}>Forgot password?</Link>}
        aside={
          <>
            New here? <Link to={paths.register}>Create an account</Link>
          </>
        }
      />
    </RefusedLogin.Provider>
  );
}
