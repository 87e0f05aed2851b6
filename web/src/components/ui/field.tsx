import { type ReactNode, useId } from 'react';
import { asSentence } from '../../lib/form-errors';

/** What a field hands its control so that label, hint and errors are announced with it. */
export interface FieldControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the control, e.g. a character count; announced with it. */
  counter?: ReactNode;
  errors?: readonly string[];
  id?: string;
  children: (control: FieldControlProps) => ReactNode;
}

export const describedBy = (...ids: (string | false | undefined)[]) =>
  ids.filter(Boolean).join(' ') || undefined;

/** Error text under a control. The line is always there, so an error appearing does not shift the form. */
export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] }) {
  return (
    <p id={id} className="field__error">
      {errors.map(asSentence).join(' ')}
    </p>
  );
}

/** A labelled control with its hint and errors linked through aria-describedby. */
export function Field({ label, hint, counter, errors = [], id, children }: FieldProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const hintId = `${controlId}-hint`;
  const counterId = `${controlId}-counter`;
  const errorId = `${controlId}-error`;
  const invalid = errors.length > 0;
  return (
    <div className="field">
      <label className="field__label" htmlFor={controlId}>
        {label}
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {children({
        id: controlId,
        'aria-describedby': describedBy(
          invalid && errorId,
          hint !== undefined && hintId,
          counter !== undefined && counterId,
        ),
        'aria-invalid': invalid || undefined,
      })}
      <div className="field__footer">
        <FieldErrors id={errorId} errors={errors} />
        {counter !== undefined && (
          <p id={counterId} className="field__counter">
            {counter}
          </p>
        )}
      </div>
    </div>
  );
}
