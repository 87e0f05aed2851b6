import type { Profile } from '@dating/functions/contract';
import { LoadError } from '../../../components/ui/load-error';
import { PageLoader } from '../../../components/ui/page-loader';
import { useOwnProfile } from '../api/get-profile';
import { ProfileEditor } from './profile-editor';

interface OwnProfileEditorProps {
  submitLabel: string;
  onSaved?: (profile: Profile) => void;
}

/** Loads the saved profile (none yet on onboarding) and opens the editor on it. */
export function OwnProfileEditor(props: OwnProfileEditorProps) {
  const profile = useOwnProfile();
  if (profile.isPending) return <PageLoader label="Loading your profile…" />;
  if (profile.isError) {
    return <LoadError title="Your profile could not be loaded." query={profile} />;
  }
  return <ProfileEditor profile={profile.data} {...props} />;
}
