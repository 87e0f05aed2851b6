import { MAX_BIO_LENGTH } from '@dating/functions/contract';
import { Field } from '../../../components/ui/field';
import { messagesFor } from '../../../lib/form-errors';
import { InterestsInput } from './interests-input';
import { PromptsEditor } from './prompts-editor';
import type { SectionProps } from './section-props';

export function AboutSection(props: SectionProps) {
  const { draft, errors, onChange } = props;
  return (
    <section className="card form-section" aria-labelledby="profile-about">
      <h2 id="profile-about">Your story</h2>
      <Field
        label="Bio"
        hint="Optional. A few lines about you."
        counter={`${draft.bio.length} of ${MAX_BIO_LENGTH}`}
        errors={messagesFor(errors, 'bio')}
      >
        {(control) => (
          <textarea
            {...control}
            name="bio"
            rows={5}
            maxLength={MAX_BIO_LENGTH}
            value={draft.bio}
            onChange={(event) => onChange({ bio: event.currentTarget.value })}
          />
        )}
      </Field>
      <InterestsInput {...props} />
      <PromptsEditor {...props} />
    </section>
  );
}
