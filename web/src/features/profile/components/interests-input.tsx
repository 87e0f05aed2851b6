import { MAX_INTEREST_LENGTH, MAX_INTERESTS } from '@dating/functions/contract';
import { type KeyboardEvent, useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { describedBy, FieldErrors } from '../../../components/ui/field';
import { messagesFor } from '../../../lib/form-errors';
import { normalizeInterest } from '../profile-draft';
import type { SectionProps } from './section-props';

/** Tags typed one at a time: Enter or "Add" adds, each tag has its own remove button. */
export function InterestsInput({ draft, errors, onChange }: SectionProps) {
  const [text, setText] = useState('');
  const [notice, setNotice] = useState('');
  const id = useId();
  const { interests } = draft;
  const fieldErrors = messagesFor(errors, 'interests');
  const invalid = fieldErrors.length > 0;
  const full = interests.length >= MAX_INTERESTS;

  const add = () => {
    const tag = normalizeInterest(text);
    if (tag === '') return;
    if (full) return setNotice(`You have ${MAX_INTERESTS} interests. Remove one to add another.`);
    if (interests.includes(tag)) return setNotice(`“${tag}” is already on your list.`);
    onChange({ interests: [...interests, tag] });
    setText('');
    setNotice(`Added “${tag}”.`);
  };

  const remove = (tag: string) => {
    onChange({ interests: interests.filter((existing) => existing !== tag) });
    setNotice(`Removed “${tag}”.`);
    document.getElementById(`${id}-input`)?.focus();
  };

  const addOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' && event.key !== ',') return;
    event.preventDefault();
    add();
  };

  return (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-input`}>
        Interests
      </label>
      <p id={`${id}-hint`} className="field__hint">
        Up to {MAX_INTERESTS}, like hiking or jazz. Press Enter to add each one.
      </p>
      <div className="tag-input">
        <input
          id={`${id}-input`}
          name="interest"
          maxLength={MAX_INTEREST_LENGTH}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={addOnEnter}
          aria-describedby={describedBy(invalid && `${id}-error`, `${id}-hint`, `${id}-count`)}
          aria-invalid={invalid || undefined}
          enterKeyHint="done"
        />
        <Button variant="secondary" onClick={add} disabled={text.trim() === ''}>
          Add
        </Button>
      </div>
      {interests.length > 0 && (
        <ul className="tags" aria-label="Your interests">
          {interests.map((tag) => (
            <li key={tag} className="tag">
              <span>{tag}</span>
              <button
                type="button"
                className="tag__remove"
                onClick={() => remove(tag)}
                aria-label={`Remove ${tag}`}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field__footer">
        <FieldErrors id={`${id}-error`} errors={fieldErrors} />
        <p id={`${id}-count`} className="field__counter">
          {interests.length} of {MAX_INTERESTS}
        </p>
      </div>
      <p className="tag-input__notice" role="status">
        {notice}
      </p>
    </div>
  );
}
