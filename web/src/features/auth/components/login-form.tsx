import { LoginRequest } from '@dating/functions/contract';
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
import { useLogin } from '../api/login';

const placedFields = ['email', 'password'];

export function LoginForm() {
  const [values, setValues] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(form);
  const login = useLogin({
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
    const checked = validateWith(LoginRequest, values);
    if (!checked.ok) {
      setErrors({ message: null, fields: checked.errors });
      focusFirstError();
      return;
    }
    setErrors(noFormErrors);
    login.mutate(checked.value);
  };

  return (
    <form ref={form} className="form" onSubmit={submit} noValidate aria-label="Log in">
      {errors.message && (
        <Alert title={errors.message} items={unplacedMessages(errors.fields, placedFields)} />
      )}
      <Field label="Email" errors={messagesFor(errors.fields, 'email')}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            value={values.email}
            onChange={(event) => edit('email', event.currentTarget.value)}
            required
          />
        )}
      </Field>
      <PasswordField
        label="Password"
        value={values.password}
        onChange={(value) => edit('password', value)}
        autoComplete="current-password"
        errors={messagesFor(errors.fields, 'password')}
      />
      <Button type="submit" pending={login.isPending} className="form__submit">
        Log in
      </Button>
      <p className="form__aside">
        New here? <Link to={paths.register}>Create an account</Link>
      </p>
    </form>
  );
}
