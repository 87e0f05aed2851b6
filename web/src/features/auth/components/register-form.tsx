import { Credentials } from '@dating/functions/contract';
import { Link } from 'react-router';
import { newPasswordHint } from '../../../components/ui/password-field';
import { paths } from '../../../config/paths';
import { useRegister } from '../api/register';
import { CredentialsForm } from './credentials-form';

const useRegisterSubmission = (onError: (error: unknown) => void) =>
  useRegister({ mutationConfig: { onError } });

export function RegisterForm() {
  return (
    <CredentialsForm
      schema={Credentials}
      useSubmission={useRegisterSubmission}
      label="Create an account"
      submitLabel="Create account"
      emailAutoComplete="email"
      passwordAutoComplete="new-password"
      passwordHint={newPasswordHint}
      aside={
        <>
          Already have an account? <Link to={paths.login}>Log in</Link>
        </>
      }
    />
  );
}
