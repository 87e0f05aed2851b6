import { ApiError, type FieldErrors } from './api-error';

/** What a form shows: one message at the top, and messages next to fields. */
export interface FormErrors {
  readonly message: string | null;
  readonly fields: FieldErrors;
}

export const noFormErrors: FormErrors = { message: null, fields: {} };

const isUnder = (key: string, path: string) => key === path || key.startsWith(`${path}.`);

/** Turns whatever a submit threw into form errors; only `ApiError` messages are meant for users. */
export function formErrorsFrom(error: unknown): FormErrors {
  if (!(error instanceof ApiError)) return { message: 'Something went wrong. Please try again.', fields: {} };
  const hasFields = Object.keys(error.fieldErrors).length > 0;
  if (error.code === 'validation_failed' && hasFields) {
    return { message: 'Please correct the fields marked below.', fields: error.fieldErrors };
  }
  return { message: error.message, fields: error.fieldErrors };
}

/** Messages for a field and everything below it (`location` collects `location.lat`). */
export function messagesFor(fields: FieldErrors, path: string): string[] {
  return Object.entries(fields).flatMap(([key, messages]) => (isUnder(key, path) ? messages : []));
}

/** Drops a field's messages once the user edits it. */
export function withoutField(errors: FormErrors, path: string): FormErrors {
  const keys = Object.keys(errors.fields);
  if (!keys.some((key) => isUnder(key, path))) return errors;
  return {
    ...errors,
    fields: Object.fromEntries(Object.entries(errors.fields).filter(([key]) => !isUnder(key, path))),
  };
}

/** Field messages the form has no input for (e.g. `(root)`): shown in the form's alert so none is lost. */
export function unplacedMessages(fields: FieldErrors, placed: readonly string[]): string[] {
  return Object.entries(fields).flatMap(([key, messages]) =>
    placed.some((path) => isUnder(key, path)) ? [] : messages.map((message) => `${key}: ${message}`),
  );
}

/** The API words field messages as fragments ("must be distinct"); shown alone they need a capital. */
export const asSentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);
