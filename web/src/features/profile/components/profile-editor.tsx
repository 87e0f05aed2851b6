import type { Profile } from '@dating/functions/contract';
import { type FormEvent, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useFocusFirstError } from '../../../hooks/use-focus-first-error';
import {
  type FormErrors,
  formErrorsFrom,
  noFormErrors,
  unplacedMessages,
  withoutField,
} from '../../../lib/form-errors';
import { useSaveProfile } from '../api/save-profile';
import { checkDraft, draftFromProfile, emptyDraft, type ProfileDraft } from '../profile-draft';
import { AboutSection } from './about-section';
import { BasicsSection } from './basics-section';
import { LocationPicker } from './location-picker';
import { PreferencesSection } from './preferences-section';

/** Fields the editor shows errors next to; anything else the server reports goes into the alert. */
const placedFields = [
  'displayName',
  'birthDate',
  'gender',
  'interestedIn',
  'ageMin',
  'ageMax',
  'maxDistanceKm',
  'location',
  'bio',
  'interests',
  'prompts',
];

interface ProfileEditorProps {
  /** Null on onboarding: nothing saved yet. */
  profile: Profile | null;
  submitLabel: string;
  onSaved?: (profile: Profile) => void;
}

export function ProfileEditor({ profile, submitLabel, onSaved }: ProfileEditorProps) {
  const [draft, setDraft] = useState<ProfileDraft>(() =>
    profile ? draftFromProfile(profile) : emptyDraft(),
  );
  const [errors, setErrors] = useState<FormErrors>(noFormErrors);
  const [saved, setSaved] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusFirstError = useFocusFirstError(form);
  const save = useSaveProfile({
    mutationConfig: {
      onSuccess: (savedProfile) => {
        setSaved(true);
        onSaved?.(savedProfile);
      },
      onError: (error) => {
        setErrors(formErrorsFrom(error));
        focusFirstError();
      },
    },
  });

  const change = (patch: Partial<ProfileDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setErrors((current) => Object.keys(patch).reduce(withoutField, current));
    setSaved(false);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkDraft(draft, new Date());
    if (!checked.ok) {
      setErrors({ message: 'Please correct the fields marked below.', fields: checked.errors });
      focusFirstError();
      return;
    }
    setErrors(noFormErrors);
    save.mutate(checked.value);
  };

  const sectionProps = { draft, errors: errors.fields, onChange: change };
  return (
    <form ref={form} className="form profile-editor" onSubmit={submit} noValidate aria-label="Profile">
      {errors.message && (
        <Alert title={errors.message} items={unplacedMessages(errors.fields, placedFields)} />
      )}
      <BasicsSection {...sectionProps} />
      <PreferencesSection {...sectionProps} />
      <LocationPicker {...sectionProps} />
      <AboutSection {...sectionProps} />
      <div className="form__actions">
        <Button type="submit" pending={save.isPending}>
          {submitLabel}
        </Button>
        <p className="form__status" role="status">
          {save.isPending ? 'Saving…' : saved ? 'Your profile is saved.' : ''}
        </p>
      </div>
    </form>
  );
}
