import { PasswordResetRequest } from '@dating/functions/contract';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Field } from '../../../components/ui/field';
import { FormErrorsAlert } from '../../../components/ui/form-errors-alert';
import { paths } from '../../../config/paths';
import { useSchemaForm } from '../../../hooks/use-schema-form';
import { ApiError, describeWait } from '../../../lib/api-error';
import { type FormErrors, formErrorsFrom, messagesFor } from '../../../lib/form-errors';
import { useRequestPasswordReset } from '../api/password-reset';

const placedFields = ['email'];

/** Too many requests: say how long to wait and that the links already sent still work. */
function errorsFrom(error: unknown): FormErrors {
  if (error instanceof ApiError && error.code === 'rate_limited') {
    const wait = describeWait(error.retryAfterSeconds ?? 60);
    return {
      message: `Too many reset links were asked for just now. Please wait about ${wait} before asking again; a link we already sent still works.`,
      fields: {},
    };
  }
  return formErrorsFrom(error);
}

/**
 * Asks for a password reset link. The answer is the same whether or not the address has an account, so the
 * page cannot be used to find out who is a member.
 */
export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const confirmation = useRef<HTMLDivElement>(null);
  // The form (and its focused button) is gone: keyboard and screen reader users continue at the answer.
  useEffect(() => {
    if (sentTo) confirmation.current?.focus();
  }, [sentTo]);
  const form = useSchemaForm({
    schema: PasswordResetRequest,
    initialValues: { email: '' },
    errorsFrom,
    onValid: (request) => submission.mutate(request),
  });
  const submission = useRequestPasswordReset({
    mutationConfig: { onSuccess: (_, request) => setSentTo(request.email), onError: form.fail },
  });
  const { values, errors } = form;

  if (sentTo) {
    return (
      <>
        <Alert
          ref={confirmation}
          tone="success"
          title="If an account exists for that address, we sent a link"
        >
          <p>
            Check the inbox of <strong>{sentTo}</strong> (and its spam folder). The link works for 30 minutes
            and only once.
          </p>
        </Alert>
        <p className="form__aside">
          <Button variant="quiet" onClick={() => setSentTo(null)}>
            Use another address
          </Button>{' '}
          <Link to={paths.login}>Back to log in</Link>
        </p>
      </>
    );
  }

  return (
    <form {...form.formProps} className="form" aria-label="Reset your password">
      <FormErrorsAlert errors={errors} placed={placedFields} />
      <Field label="Email" hint="The address you log in with." errors={messagesFor(errors.fields, 'email')}>
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            value={values.email}
            onChange={(event) => form.change({ email: event.currentTarget.value })}
            required
          />
        )}
      </Field>
      <Button type="submit" pending={submission.isPending} className="form__submit">
        Send me a link
      </Button>
      <p className="form__aside">
        Remembered it? <Link to={paths.login}>Log in</Link>
      </p>
    </form>
  );
}
