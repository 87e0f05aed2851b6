import { type Gender, genders, MAX_AGE, MAX_DISTANCE_KM, MIN_AGE } from '@dating/functions/contract';
import { ChoiceGroup } from '../../../components/ui/choice-group';
import { Field } from '../../../components/ui/field';
import { messagesFor } from '../../../lib/form-errors';
import type { SectionProps } from './section-props';

const interestLabels: Record<Gender, string> = { woman: 'Women', man: 'Men', nonbinary: 'Nonbinary people' };

/** One end of the age range, within the ages the contract allows. */
function AgeBound({
  label,
  field,
  draft,
  errors,
  onChange,
}: SectionProps & { label: string; field: 'ageMin' | 'ageMax' }) {
  return (
    <Field label={label} errors={messagesFor(errors, field)}>
      {(control) => (
        <input
          {...control}
          name={field}
          type="number"
          inputMode="numeric"
          min={MIN_AGE}
          max={MAX_AGE}
          value={draft[field]}
          onChange={(event) => onChange({ [field]: event.currentTarget.value })}
          required
        />
      )}
    </Field>
  );
}

export function PreferencesSection({ draft, errors, onChange }: SectionProps) {
  const toggle = (gender: Gender, checked: boolean) =>
    onChange({
      interestedIn: checked
        ? genders.filter((value) => value === gender || draft.interestedIn.includes(value))
        : draft.interestedIn.filter((value) => value !== gender),
    });
  const distance = Number(draft.maxDistanceKm) || 1;

  return (
    <section className="card form-section" aria-labelledby="profile-preferences">
      <h2 id="profile-preferences">Who you’d like to meet</h2>
      <ChoiceGroup
        legend="Show me"
        hint="Choose one or more."
        type="checkbox"
        name="interestedIn"
        options={genders.map((value) => ({ value, label: interestLabels[value] }))}
        isChecked={(value) => draft.interestedIn.includes(value)}
        onToggle={toggle}
        errors={messagesFor(errors, 'interestedIn')}
      />
      <fieldset className="field">
        <legend className="field__label">Age range</legend>
        <div className="field-row">
          <AgeBound label="From" field="ageMin" draft={draft} errors={errors} onChange={onChange} />
          <AgeBound label="To" field="ageMax" draft={draft} errors={errors} onChange={onChange} />
        </div>
      </fieldset>
      <Field
        label="Maximum distance"
        counter={<output htmlFor="maxDistanceKm">{`${distance} km`}</output>}
        errors={messagesFor(errors, 'maxDistanceKm')}
        id="maxDistanceKm"
      >
        {(control) => (
          <input
            {...control}
            name="maxDistanceKm"
            type="range"
            min={1}
            max={MAX_DISTANCE_KM}
            step={1}
            aria-valuetext={`${distance} kilometres`}
            value={draft.maxDistanceKm}
            onChange={(event) => onChange({ maxDistanceKm: event.currentTarget.value })}
          />
        )}
      </Field>
    </section>
  );
}
