import { PageHeading } from '../../../components/ui/page-heading';
import { OwnProfileEditor } from '../../../features/profile/components/own-profile-editor';

export function ProfileRoute() {
  return (
    <>
      <PageHeading title="Your profile">What others see, and who you would like to meet.</PageHeading>
      <OwnProfileEditor submitLabel="Save profile" />
    </>
  );
}
