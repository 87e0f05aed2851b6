import { PageHeading } from '../../../components/ui/page-heading';
import { PhotosManager } from '../../../features/photos/components/photos-manager';

export function PhotosRoute() {
  return (
    <>
      <PageHeading title="Your photos">
        Up to six photos. People see your profile only once it has a photo.
      </PageHeading>
      <PhotosManager />
    </>
  );
}
