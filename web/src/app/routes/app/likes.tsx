import { PageHeading } from '../../../components/ui/page-heading';
import { LikesList } from '../../../features/likes/components/likes-list';

export function LikesRoute() {
  return (
    <>
      <PageHeading title="Likes you">People who liked you. Like them back to match.</PageHeading>
      <LikesList />
    </>
  );
}
