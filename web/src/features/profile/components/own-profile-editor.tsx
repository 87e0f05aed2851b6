import type { Profile } from '@dating/functions/contract';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
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
    return (
      <Alert title="Your profile could not be loaded." items={[profile.error.message]}>
        <Button variant="secondary" onClick={() => void profile.refetch()} pending={profile.isFetching}>
          Try again
        </Button>
      </Alert>
    );
  }
  return <ProfileEditor profile={profile.data} {...props} />;
}
