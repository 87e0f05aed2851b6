import { type ReactNode, useId } from 'react';
import { describedBy, FieldErrors } from './field';

export interface ChoiceOption<Value extends string> {
  value: Value;
  label: string;
}

interface ChoiceGroupProps<Value extends string> {
  legend: string;
  hint?: string;
  type: 'radio' | 'checkbox';
  name: string;
  options: readonly ChoiceOption<Value>[];
  isChecked: (value: Value) => boolean;
  onToggle: (value: Value, checked: boolean) => void;
  errors?: readonly string[];
}

/**
 * Radio buttons or checkboxes under one legend. Each input carries the group's error and hint: a fieldset
 * may not be `aria-invalid`, and focus lands on an input.
 */
export function ChoiceGroup<Value extends string>(props: ChoiceGroupProps<Value>): ReactNode {
  const { legend, hint, type, name, options, isChecked, onToggle, errors = [] } = props;
  const id = useId();
  const invalid = errors.length > 0;
  const description = describedBy(invalid && `${id}-error`, hint !== undefined && `${id}-hint`);
  return (
    <fieldset className="field choice-group">
      <legend className="field__label">{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <div className="choice-group__options">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type={type}
              name={name}
              value={option.value}
              checked={isChecked(option.value)}
              onChange={(event) => onToggle(option.value, event.currentTarget.checked)}
              aria-describedby={description}
              aria-invalid={invalid || undefined}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}
