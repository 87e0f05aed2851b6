import { PasswordChangeRequest } from '@dating/functions/contract';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { FormErrorsAlert } from '../../../components/ui/form-errors-alert';
import { newPasswordHint, PasswordField } from '../../../components/ui/password-field';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { ApiError } from '../../../lib/api-error';
import { type FormErrors, formErrorsFrom, messagesFor } from '../../../lib/form-errors';
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
  const [changed, setChanged] = useState(false);
  const form = useSchemaForm({
    schema: PasswordChangeRequest,
    initialValues: emptyValues,
    errorsFrom,
    onValid: (request) => change.mutate(request),
  });
  const change = useChangePassword({
    mutationConfig: {
      onSuccess: () => {
        form.reset(emptyValues);
        setChanged(true);
      },
      onError: form.fail,
    },
  });
  const { values, errors } = form;

  const edit = (patch: Partial<typeof emptyValues>) => {
    form.change(patch);
    setChanged(false);
  };

  return (
    <section className="card settings-section" aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <form {...form.formProps} className="form" aria-labelledby="password-title">
        <FormErrorsAlert errors={errors} placed={placedFields} />
        <PasswordField
          label="Current password"
          name="current-password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={(currentPassword) => edit({ currentPassword })}
          errors={messagesFor(errors.fields, 'currentPassword')}
        />
        <PasswordField
          label="New password"
          name="new-password"
          autoComplete="new-password"
          hint={newPasswordHint}
          value={values.newPassword}
          onChange={(newPassword) => edit({ newPassword })}
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
