import { useNavigate } from 'react-router';
import { PageHeading } from '../../../components/ui/page-heading';
import { paths } from '../../../config/paths';
import { OwnProfileEditor } from '../../../features/profile/components/own-profile-editor';

export function OnboardingRoute() {
  const navigate = useNavigate();
  return (
    <>
      <PageHeading title="Create your profile">
        Tell people a little about yourself and who you would like to meet. You can change all of it later.
      </PageHeading>
      <OwnProfileEditor
        submitLabel="Save and continue"
        onSaved={() => navigate(paths.home, { replace: true })}
      />
    </>
  );
}
