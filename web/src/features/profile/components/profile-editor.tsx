import type { Profile } from '@dating/functions/contract';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { FormErrorsAlert } from '../../../components/ui/form-errors-alert';
import { useSchemaForm } from '../../../hooks/use-schema-form';
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
  const [saved, setSaved] = useState(false);
  const form = useSchemaForm({
    initialValues: (): ProfileDraft => (profile ? draftFromProfile(profile) : emptyDraft()),
    validate: (draft) => checkDraft(draft, new Date()),
    invalidMessage: 'Please correct the fields marked below.',
    onValid: (input) => save.mutate(input),
  });
  const save = useSaveProfile({
    mutationConfig: {
      onSuccess: (savedProfile) => {
        setSaved(true);
        onSaved?.(savedProfile);
      },
      onError: form.fail,
    },
  });
  const { errors } = form;

  const change = (patch: Partial<ProfileDraft>) => {
    form.change(patch);
    setSaved(false);
  };

  const sectionProps = { draft: form.values, errors: errors.fields, onChange: change };
  return (
    <form {...form.formProps} className="form profile-editor" aria-label="Profile">
      <FormErrorsAlert errors={errors} placed={placedFields} />
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
