import { EmailChangeRequest } from '@dating/functions/contract';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Field } from '../../../components/ui/field';
import { FormErrorsAlert } from '../../../components/ui/form-errors-alert';
import { PasswordField } from '../../../components/ui/password-field';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { ApiError } from '../../../lib/api-error';
import { useMe } from '../../../lib/current-user';
import { type FormErrors, formErrorsFrom, messagesFor } from '../../../lib/form-errors';
import { useChangeEmail } from '../api/change-email';

const placedFields = ['newEmail', 'password'];
const emptyValues = { newEmail: '', password: '' };

/** A wrong password belongs next to its field; the session is fine (it is not a logout). */
function errorsFrom(error: unknown): FormErrors {
  if (error instanceof ApiError && error.code === 'invalid_credentials') {
    return {
      message: 'Please correct the fields marked below.',
      fields: { password: ['That is not your current password.'] },
    };
  }
  return formErrorsFrom(error);
}

/**
 * Changes the account's address in two steps: this form mails a link to the new address, and the change
 * applies when that link is opened. Until then the pending address shows here.
 */
export function ChangeEmailForm() {
  const me = useMe();
  const [requested, setRequested] = useState(false);
  const form = useSchemaForm({
    schema: EmailChangeRequest,
    initialValues: emptyValues,
    errorsFrom,
    onValid: (request) => change.mutate(request),
  });
  const change = useChangeEmail({
    mutationConfig: {
      onSuccess: () => {
        form.reset(emptyValues);
        setRequested(true);
      },
      onError: form.fail,
    },
  });
  const { values, errors } = form;
  const pendingEmail = me.data?.pendingEmail ?? null;

  const edit = (patch: Partial<typeof emptyValues>) => {
    form.change(patch);
    setRequested(false);
  };

  return (
    <section className="card settings-section" aria-labelledby="email-title">
      <h2 id="email-title">Change your email address</h2>
      {me.data && (
        <p className="muted">
          You log in with <strong>{me.data.email}</strong>.
        </p>
      )}
      {pendingEmail && (
        <p className="pending-email">
          Waiting for confirmation: <strong>{pendingEmail}</strong>. Open the link we sent to that address;
          until then, your address stays {me.data?.email}.
        </p>
      )}
      <form {...form.formProps} className="form" aria-labelledby="email-title">
        <FormErrorsAlert errors={errors} placed={placedFields} />
        <Field label="New email address" errors={messagesFor(errors.fields, 'newEmail')}>
          {(control) => (
            <input
              {...control}
              name="new-email"
              type="email"
              autoComplete="email"
              inputMode="email"
              value={values.newEmail}
              onChange={(event) => edit({ newEmail: event.currentTarget.value })}
              required
            />
          )}
        </Field>
        <PasswordField
          label="Your password"
          name="email-change-password"
          autoComplete="current-password"
          value={values.password}
          onChange={(password) => edit({ password })}
          errors={messagesFor(errors.fields, 'password')}
        />
        <div className="form__actions">
          <Button type="submit" pending={change.isPending}>
            Change email
          </Button>
          <p className="form__status" role="status">
            {requested && pendingEmail ? `We sent a confirmation link to ${pendingEmail}.` : ''}
          </p>
        </div>
      </form>
    </section>
  );
}
