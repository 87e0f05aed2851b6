import { Credentials } from '@dating/functions/contract';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Field } from '../../../components/ui/field';
import { PasswordField } from '../../../components/ui/password-field';
import { paths } from '../../../config/paths';
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
import { useRegister } from '../api/register';

const placedFields = ['email', 'password'];

export function RegisterForm() {
  const [values, setValues] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(form);
  const register = useRegister({
    mutationConfig: {
      onError: (error) => {
        setErrors(formErrorsFrom(error));
        focusFirstError();
      },
    },
  });

  const edit = (field: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => withoutField(current, field));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validateWith(Credentials, values);
    if (!checked.ok) {
      setErrors({ message: null, fields: checked.errors });
      focusFirstError();
      return;
    }
    setErrors(noFormErrors);
    register.mutate(checked.value);
  };

  return (
    <form ref={form} className="form" onSubmit={submit} noValidate aria-label="Create an account">
      {errors.message && (
        <Alert title={errors.message} items={unplacedMessages(errors.fields, placedFields)} />
      )}
      <Field label="Email" errors={messagesFor(errors.fields, 'email')}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            value={values.email}
            onChange={(event) => edit('email', event.currentTarget.value)}
            required
          />
        )}
      </Field>
      <PasswordField
        label="Password"
        hint="At least 8 characters. Not your email, and not a common password."
        value={values.password}
        onChange={(value) => edit('password', value)}
        autoComplete="new-password"
        errors={messagesFor(errors.fields, 'password')}
      />
      <Button type="submit" pending={register.isPending} className="form__submit">
        Create account
      </Button>
      <p className="form__aside">
        Already have an account? <Link to={paths.login}>Log in</Link>
      </p>
    </form>
  );
}
