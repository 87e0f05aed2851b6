import { PasswordChangeRequest } from '@dating/functions/contract';
import { type FormEvent, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { newPasswordHint, PasswordField } from '../../../components/ui/password-field';
import { useFocusFirstError } from '../../../hooks/use-focus-first-error';
import { ApiError } from '../../../lib/api-error';
import {
  type FormErrors,
  formErrorsFrom,
  messagesFor,
  noFormErrors,
  unplacedMessages,
  withoutField,
} from '../../../lib/form-errors';
import { validateWith } from '../../../lib/validation';
import { useChangePassword } from '../api/change-password';

const placedFields = ['currentPassword', 'newPassword'];
const emptyValues = { currentPassword: '', newPassword: '' };

/** A wrong current password belongs next to its field; the session is fine (it is not a logout). */
function errorsFrom(error: unknown): FormErrors {
  if (error instanceof ApiError && error.code === 'invalid_credentials') {
    return {
      message: 'Please correct the fields marked below.',
      fields: { currentPassword: ['That is not your current password.'] },
    };
  }
  return formErrorsFrom(error);
}

export function ChangePasswordForm() {
  const [values, setValues] = useState(emptyValues);
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [changed, setChanged] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(form);
  const change = useChangePassword({
    mutationConfig: {
      onSuccess: () => {
        setValues(emptyValues);
        setChanged(true);
      },
      onError: (error) => {
        setErrors(errorsFrom(error));
        focusFirstError();
      },
    },
  });

  const edit = (field: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => withoutField(current, field));
    setChanged(false);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validateWith(PasswordChangeRequest, values);
    if (!checked.ok) {
      setErrors({ message: null, fields: checked.errors });
      focusFirstError();
      return;
    }
    setErrors(noFormErrors);
    change.mutate(checked.value);
  };

  return (
    <section className="card settings-section" aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <form ref={form} className="form" onSubmit={submit} noValidate aria-labelledby="password-title">
        {errors.message && (
          <Alert title={errors.message} items={unplacedMessages(errors.fields, placedFields)} />
        )}
        <PasswordField
          label="Current password"
          name="current-password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={(value) => edit('currentPassword', value)}
          errors={messagesFor(errors.fields, 'currentPassword')}
        />
        <PasswordField
          label="New password"
          name="new-password"
          autoComplete="new-password"
          hint={newPasswordHint}
          value={values.newPassword}
          onChange={(value) => edit('newPassword', value)}
          errors={messagesFor(errors.fields, 'newPassword')}
        />
        <div className="form__actions">
          <Button type="submit" pending={change.isPending}>
            Change password
          </Button>
          <p className="form__status" role="status">
            {changed ? 'Your password is changed. Your other devices are logged out.' : ''}
          </p>
        </div>
      </form>
    </section>
  );
}
