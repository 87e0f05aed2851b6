import { PageHeading } from '../../../components/ui/page-heading';
import { OwnProfileEditor } from '../../../features/profile/components/own-profile-editor';
import { PauseControl } from '../../../features/profile/components/pause-control';

export function ProfileRoute() {
  return (
    <>
      <PageHeading title="Your profile">What others see, and who you would like to meet.</PageHeading>
      <PauseControl offerPause />
      <OwnProfileEditor submitLabel="Save profile" />
    </>
  );
}
