import type { ReactNode } from 'react';
import type * as z from 'zod/mini';
import { Button } from '../../../components/ui/button';
import { Field } from '../../../components/ui/field';
import { FormErrorsAlert } from '../../../components/ui/form-errors-alert';
import { PasswordField } from '../../../components/ui/password-field';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { messagesFor } from '../../../lib/form-errors';

const placedFields = ['email', 'password'];

export interface CredentialsSubmission {
  mutate(input: { email: string; password: string }): void;
  isPending: boolean;
}

interface CredentialsFormProps {
  /** The contract schema the server validates the body with. */
  schema: z.ZodMiniType<{ email: string; password: string }>;
  /** The mutation hook (login or register); it reports failures through `onError`. */
  useSubmission: (onError: (error: unknown) => void) => CredentialsSubmission;
  label: string;
  submitLabel: string;
  emailAutoComplete: 'username' | 'email';
  passwordAutoComplete: 'current-password' | 'new-password';
  passwordHint?: string;
  /** A link under the password (log in: "Forgot password?"). */
  passwordHelp?: ReactNode;
  aside: ReactNode;
}

/** Email and password with field-level errors from the browser's checks or the server: log in and register. */
export function CredentialsForm({
  schema,
  useSubmission,
  label,
  submitLabel,
  emailAutoComplete,
  passwordAutoComplete,
  passwordHint,
  passwordHelp,
  aside,
}: CredentialsFormProps) {
  const form = useSchemaForm({
    schema,
    initialValues: { email: '', password: '' },
    onValid: (credentials) => submission.mutate(credentials),
  });
  const submission = useSubmission(form.fail);
  const { values, errors } = form;

  return (
    <form {...form.formProps} className="form" aria-label={label}>
      <FormErrorsAlert errors={errors} placed={placedFields} />
      <Field label="Email" errors={messagesFor(errors.fields, 'email')}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete={emailAutoComplete}
            inputMode="email"
            value={values.email}
            onChange={(event) => form.change({ email: event.currentTarget.value })}
            required
          />
        )}
      </Field>
      <PasswordField
        label="Password"
        hint={passwordHint}
        value={values.password}
        onChange={(password) => form.change({ password })}
        autoComplete={passwordAutoComplete}
        errors={messagesFor(errors.fields, 'password')}
      />
      {passwordHelp && <p className="form__help">{passwordHelp}</p>}
      <Button type="submit" pending={submission.isPending} className="form__submit">
        {submitLabel}
      </Button>
      <p className="form__aside">{aside}</p>
    </form>
  );
}
