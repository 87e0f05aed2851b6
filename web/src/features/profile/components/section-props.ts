import type { FieldErrors } from '../../../lib/api-error';
import type { ProfileDraft } from '../profile-draft';

/** Every part of the editor edits the one draft and shows the errors under its own fields. */
export interface SectionProps {
  draft: ProfileDraft;
  errors: FieldErrors;
  onChange: (patch: Partial<ProfileDraft>) => void;
}
