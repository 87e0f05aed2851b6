import { MAX_PROMPT_ANSWER_LENGTH, MAX_PROMPTS } from '@dating/functions/contract';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Field, FieldErrors } from '../../../components/ui/field';
import { messagesFor } from '../../../lib/form-errors';
import { newPromptKey, type PromptDraft } from '../profile-draft';
import { promptQuestions } from '../prompt-questions';
import type { SectionProps } from './section-props';

/** Up to three question-and-answer pairs; each question can be used once. */
export function PromptsEditor({ draft, errors, onChange }: SectionProps) {
  const { prompts } = draft;
  const id = useId();
  // After adding, focus the new question; after removing, the "add" button (it may only appear then).
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const container = useRef<HTMLFieldSetElement>(null);

  useEffect(() => {
    if (focusTarget === null) return;
    container.current?.querySelector<HTMLElement>(`[data-focus-target="${focusTarget}"]`)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const update = (key: string, patch: Partial<PromptDraft>) =>
    onChange({ prompts: prompts.map((prompt) => (prompt.key === key ? { ...prompt, ...patch } : prompt)) });

  const add = () => {
    const unused = promptQuestions.find(
      (question) => !prompts.some((prompt) => prompt.question === question),
    );
    const prompt = { key: newPromptKey(), question: unused ?? promptQuestions[0] ?? '', answer: '' };
    onChange({ prompts: [...prompts, prompt] });
    setFocusTarget(prompt.key);
  };

  const remove = (key: string) => {
    onChange({ prompts: prompts.filter((prompt) => prompt.key !== key) });
    setFocusTarget('add');
  };

  const questionsFor = (prompt: PromptDraft) => {
    const takenElsewhere = prompts.filter((other) => other.key !== prompt.key).map((other) => other.question);
    const available = promptQuestions.filter((question) => !takenElsewhere.includes(question));
    return available.includes(prompt.question) ? available : [prompt.question, ...available];
  };

  return (
    <fieldset ref={container} className="field prompts">
      <legend className="field__label">Prompts</legend>
      <p className="field__hint">
        Answer up to {MAX_PROMPTS} questions; they give people something to talk about.
      </p>
      {prompts.length > 0 && (
        <ol className="prompts__list">
          {prompts.map((prompt, index) => (
            <li key={prompt.key} className="prompt">
              <Field
                label={`Question ${index + 1}`}
                errors={messagesFor(errors, `prompts.${index}.question`)}
              >
                {(control) => (
                  <select
                    {...control}
                    name={`prompts.${index}.question`}
                    data-focus-target={prompt.key}
                    value={prompt.question}
                    onChange={(event) => update(prompt.key, { question: event.currentTarget.value })}
                  >
                    {questionsFor(prompt).map((question) => (
                      <option key={question} value={question}>
                        {question}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                label={`Your answer to question ${index + 1}`}
                counter={`${prompt.answer.length} of ${MAX_PROMPT_ANSWER_LENGTH}`}
                errors={messagesFor(errors, `prompts.${index}.answer`)}
              >
                {(control) => (
                  <textarea
                    {...control}
                    name={`prompts.${index}.answer`}
                    rows={3}
                    maxLength={MAX_PROMPT_ANSWER_LENGTH}
                    value={prompt.answer}
                    onChange={(event) => update(prompt.key, { answer: event.currentTarget.value })}
                  />
                )}
              </Field>
              <Button variant="quiet" className="prompt__remove" onClick={() => remove(prompt.key)}>
                Remove question {index + 1}
              </Button>
            </li>
          ))}
        </ol>
      )}
      {prompts.length < MAX_PROMPTS && (
        <Button variant="secondary" className="prompts__add" onClick={add} data-focus-target="add">
          Add a prompt
        </Button>
      )}
      <FieldErrors id={`${id}-error`} errors={errors.prompts ?? []} />
    </fieldset>
  );
}
