import { type Gender, genders, MAX_DISPLAY_NAME_LENGTH, MIN_AGE } from '@dating/functions/contract';
import { ChoiceGroup } from '../../../components/ui/choice-group';
import { Field } from '../../../components/ui/field';
import { messagesFor } from '../../../lib/form-errors';
import { latestAdultBirthDate } from '../profile-draft';
import type { SectionProps } from './section-props';

const genderLabels: Record<Gender, string> = { woman: 'Woman', man: 'Man', nonbinary: 'Nonbinary' };

export function BasicsSection({ draft, errors, onChange }: SectionProps) {
  return (
    <section className="card form-section" aria-labelledby="profile-basics">
      <h2 id="profile-basics">About you</h2>
      <Field label="Display name" hint="The name others see." errors={messagesFor(errors, 'displayName')}>
        {(control) => (
          <input
            {...control}
            name="displayName"
            autoComplete="given-name"
            maxLength={MAX_DISPLAY_NAME_LENGTH}
            value={draft.displayName}
            onChange={(event) => onChange({ displayName: event.currentTarget.value })}
            required
          />
        )}
      </Field>
      <Field
        label="Birth date"
        hint={`You must be ${MIN_AGE} or older. Others see your age, never your birth date.`}
        errors={messagesFor(errors, 'birthDate')}
      >
        {(control) => (
          <input
            {...control}
            name="birthDate"
            type="date"
            autoComplete="bday"
            min="1900-01-01"
            max={latestAdultBirthDate(new Date())}
            value={draft.birthDate}
            onChange={(event) => onChange({ birthDate: event.currentTarget.value })}
            required
          />
        )}
      </Field>
      <ChoiceGroup
        legend="Gender"
        type="radio"
        name="gender"
        options={genders.map((value) => ({ value, label: genderLabels[value] }))}
        isChecked={(value) => draft.gender === value}
        onToggle={(value) => onChange({ gender: value })}
        errors={messagesFor(errors, 'gender')}
      />
    </section>
  );
}
