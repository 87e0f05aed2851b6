import { type FormEvent, type RefObject, useRef, useState } from 'react';
import type * as z from 'zod/mini';
import { type FormErrors, formErrorsFrom, noFormErrors, withoutField } from '../lib/form-errors';
import { type Validation, validateWith } from '../lib/validation';
import { useFocusFirstError } from './use-focus-first-error';

type Check<Values, Output> =
  /** The contract schema the server validates the request with. */
  | { schema: z.ZodMiniType<Output>; validate?: undefined }
  /** For forms whose values need mapping first, or a rule on top of the schema. */
  | { validate: (values: Values) => Validation<Output>; schema?: undefined };

export type SchemaFormOptions<Values, Output> = Check<Values, Output> & {
  initialValues: Values | (() => Values);
  /** Called with the checked value when the browser's checks pass (usually a mutation's `mutate`). */
  onValid: (value: Output) => void;
  /** The alert's title when the browser's checks fail; null shows the messages next to the fields only. */
  invalidMessage?: string | null;
  /** How a failed submission reads as form errors; by default the API's message and field errors. */
  errorsFrom?: (error: unknown) => FormErrors;
};

export interface SchemaForm<Values> {
  /** Spread on the `<form>`: the browser's own bubbles are off (the contract's messages show instead). */
  formProps: {
    ref: RefObject<HTMLFormElement | null>;
    onSubmit: (event: FormEvent<HTMLFormElement>) => void;
    noValidate: true;
  };
  values: Values;
  errors: FormErrors;
  /** Changes fields and drops their error messages (the user is fixing them). */
  change: (patch: Partial<Values>) => void;
  /** Starts over: these values, no errors. */
  reset: (values: Values) => void;
  /** Shows what a failed submission threw (the mutation's `onError`) and moves focus to it. */
  fail: (error: unknown) => void;
}

/**
 * A form checked against the contract before it is sent, with the errors (the browser's or the server's)
 * shown next to their fields and focus moved to the first one, so keyboard and screen reader users land on it.
 */
export function useSchemaForm<Values extends object, Output>(
  options: SchemaFormOptions<Values, Output>,
): SchemaForm<Values> {
  const [values, setValues] = useState<Values>(options.initialValues);
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const ref = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(ref);

  const check = (current: Values): Validation<Output> =>
    options.schema ? validateWith(options.schema, current) : options.validate(current);

  /** Checks the values, then shows and focuses the errors or passes the value on. */
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = check(values);
    if (!checked.ok) {
      setErrors({ message: options.invalidMessage ?? null, fields: checked.errors });
      focusFirstError();
      return;
    }
    setErrors(noFormErrors);
    options.onValid(checked.value);
  };

  return {
    formProps: { ref, onSubmit, noValidate: true },
    values,
    errors,
    change: (patch) => {
      setValues((current) => ({ ...current, ...patch }));
      setErrors((current) => Object.keys(patch).reduce(withoutField, current));
    },
    reset: (next) => {
      setValues(next);
      setErrors(noFormErrors);
    },
    fail: (error) => {
      setErrors((options.errorsFrom ?? formErrorsFrom)(error));
      focusFirstError();
    },
  };
}
