import { type Ref, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { FormErrorsAlert } from '../../../components/ui/form-errors-alert';
import { newPasswordHint, PasswordField } from '../../../components/ui/password-field';
import { paths } from '../../../config/paths';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { ApiError } from '../../../lib/api-error';
import { messagesFor } from '../../../lib/form-errors';
import { type Validation, validateWith } from '../../../lib/validation';
import { NewPasswordForm, useConfirmPasswordReset } from '../api/password-reset';
import { withLoginNotice } from './login-notice';

const placedFields = ['newPassword', 'repeatPassword'];
const emptyValues = { newPassword: '', repeatPassword: '' };

const isInvalidToken = (error: unknown) => error instanceof ApiError && error.code === 'invalid_token';

/** The contract's password policy, and the same password twice. */
function validate(values: typeof emptyValues): Validation<{ newPassword: string }> {
  const checked = validateWith(NewPasswordForm, values);
  if (!checked.ok) return checked;
  if (checked.value.newPassword !== checked.value.repeatPassword) {
    return { ok: false, errors: { repeatPassword: ['The two passwords are not the same.'] } };
  }
  return { ok: true, value: { newPassword: checked.value.newPassword } };
}

/** A link that cannot reset anything (unknown, expired, already used, or no token at all). */
export function ExpiredResetLink({ ref }: { ref?: Ref<HTMLDivElement> }) {
  return (
    <Alert ref={ref} title="This link has expired or was already used">
      <p>A reset link works once, for 30 minutes. Ask for a new one and use the newest link we send.</p>
      <p>
        <Link to={paths.forgotPassword}>Request a new link</Link>
      </p>
    </Alert>
  );
}

/** Sets a new password with a mailed link's token; success ends every session and leads to the login page. */
export function ResetPasswordForm({ token }: { token: string }) {
  const navigate = useNavigate();
  const [expired, setExpired] = useState(false);
  const expiredAlert = useRef<HTMLDivElement>(null);
  // The form (and its focused button) is gone: continue at the reason.
  useEffect(() => {
    if (expired) expiredAlert.current?.focus();
  }, [expired]);
  const form = useSchemaForm({
    validate,
    initialValues: emptyValues,
    onValid: ({ newPassword }) => submission.mutate({ token, newPassword }),
  });
  const submission = useConfirmPasswordReset({
    mutationConfig: {
      onSuccess: () =>
        navigate(paths.login, {
          replace: true,
          state: withLoginNotice(
            'Your password is changed. Log in with your new password; you are logged out everywhere else.',
          ),
        }),
      onError: (error) => (isInvalidToken(error) ? setExpired(true) : form.fail(error)),
    },
  });
  const { values, errors } = form;

  if (expired) return <ExpiredResetLink ref={expiredAlert} />;

  return (
    <form {...form.formProps} className="form" aria-label="Choose a new password">
      <FormErrorsAlert errors={errors} placed={placedFields} />
      <PasswordField
        label="New password"
        name="new-password"
        autoComplete="new-password"
        hint={newPasswordHint}
        value={values.newPassword}
        onChange={(newPassword) => form.change({ newPassword })}
        errors={messagesFor(errors.fields, 'newPassword')}
      />
      <PasswordField
        label="Repeat the new password"
        name="repeat-password"
        autoComplete="new-password"
        value={values.repeatPassword}
        onChange={(repeatPassword) => form.change({ repeatPassword })}
        errors={messagesFor(errors.fields, 'repeatPassword')}
      />
      <Button type="submit" pending={submission.isPending} className="form__submit">
        Set new password
      </Button>
    </form>
  );
}
