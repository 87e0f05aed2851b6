import { type FormErrors, unplacedMessages } from '../../lib/form-errors';
import { Alert } from './alert';

/** The top of a form after a failed submit: the summary, plus messages for fields the form has no input for. */
export function FormErrorsAlert({ errors, placed }: { errors: FormErrors; placed: readonly string[] }) {
  if (!errors.message) return null;
  return <Alert title={errors.message} items={unplacedMessages(errors.fields, placed)} />;
}
