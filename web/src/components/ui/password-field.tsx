import { MAX_PASSWORD_INPUT_LENGTH, MIN_PASSWORD_LENGTH } from '@dating/functions/contract';
import { useId, useState } from 'react';
import { Field } from './field';

/** What a new password must be, in the words of the server's rules (register and change password). */
export const newPasswordHint = `At least ${MIN_PASSWORD_LENGTH} characters. Not your email, and not a common password.`;

interface PasswordFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  /** The form field's name; forms with two passwords (change password) need distinct ones. */
  name?: string;
  hint?: string;
  errors: readonly string[];
}

/** A password input with a "show password" switch, which helps on phones more than a second "repeat" box. */
export function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  name = 'password',
  hint,
  errors,
}: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const toggleId = useId();
  return (
    <div className="password-field">
      <Field label={label} hint={hint} errors={errors}>
        {(control) => (
          <input
            {...control}
            name={name}
            type={visible ? 'text' : 'password'}
            autoComplete={autoComplete}
            value={value}
            onChange={(event) => onChange(event.currentTarget.value)}
            maxLength={MAX_PASSWORD_INPUT_LENGTH}
            required
          />
        )}
      </Field>
      <label className="choice password-field__toggle" htmlFor={toggleId}>
        <input
          id={toggleId}
          type="checkbox"
          checked={visible}
          onChange={(event) => setVisible(event.currentTarget.checked)}
        />
        <span>Show password</span>
      </label>
    </div>
  );
}
