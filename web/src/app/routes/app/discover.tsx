import { PageHeading } from '../../../components/ui/page-heading';
import { DiscoverDeck } from '../../../features/discover/components/discover-deck';
import { PauseControl } from '../../../features/profile/components/pause-control';

export function DiscoverRoute() {
  return (
    <>
      <PageHeading title="Discover">People near you who are looking for someone like you.</PageHeading>
      <PauseControl />
      <DiscoverDeck />
    </>
  );
}
