import { LoginRequest } from '@dating/functions/contract';
import { Link } from 'react-router';
import { paths } from '../../../config/paths';
import { useLogin } from '../api/login';
import { CredentialsForm } from './credentials-form';

const useLoginSubmission = (onError: (error: unknown) => void) => useLogin({ mutationConfig: { onError } });

export function LoginForm() {
  return (
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
  );
}
