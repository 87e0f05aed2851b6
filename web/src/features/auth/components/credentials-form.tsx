import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import type * as z from 'zod/mini';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Field } from '../../../components/ui/field';
import { PasswordField } from '../../../components/ui/password-field';
import { useFocusFirstError } from '../../../hooks/use-focus-first-error';
import {
  type FormErrors,
  formErrorsFrom,
  messagesFor,
  noFormErrors,
  unplacedMessages,
  withoutField,
} from '../../../lib/form-errors';
import { validateWith } from '../../../lib/validation';

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
  aside,
}: CredentialsFormProps) {
  const [values, setValues] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(form);
  const submission = useSubmission((error) => {
    setErrors(formErrorsFrom(error));
    focusFirstError();
  });

  const edit = (field: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => withoutField(current, field));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validateWith(schema, values);
    if (!checked.ok) {
      setErrors({ message: null, fields: checked.errors });
      focusFirstError();
      return;
    }
    setErrors(noFormErrors);
    submission.mutate(checked.value);
  };

  return (
    <form ref={form} className="form" onSubmit={submit} noValidate aria-label={label}>
      {errors.message && (
        <Alert title={errors.message} items={unplacedMessages(errors.fields, placedFields)} />
      )}
      <Field label="Email" errors={messagesFor(errors.fields, 'email')}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete={emailAutoComplete}
            inputMode="email"
            value={values.email}
            onChange={(event) => edit('email', event.currentTarget.value)}
            required
          />
        )}
      </Field>
      <PasswordField
        label="Password"
        hint={passwordHint}
        value={values.password}
        onChange={(value) => edit('password', value)}
        autoComplete={passwordAutoComplete}
        errors={messagesFor(errors.fields, 'password')}
      />
      <Button type="submit" pending={submission.isPending} className="form__submit">
        {submitLabel}
      </Button>
      <p className="form__aside">{aside}</p>
    </form>
  );
}
