import type { PublicProfile } from '@dating/functions/contract';
import { useId } from 'react';
import { PhotoGallery } from '../../../components/profile/photo-gallery';
import { PublicProfileDetails } from '../../../components/profile/public-profile-details';

/** One person on top of the deck. Keyed by person, so the gallery starts at their main photo. */
export function CandidateCard({ candidate }: { candidate: PublicProfile }) {
  const headingId = useId();
  return (
    <article className="card candidate-card" aria-labelledby={headingId}>
      <PhotoGallery photos={candidate.photos} name={candidate.displayName} />
      <PublicProfileDetails profile={candidate} headingId={headingId} />
    </article>
  );
}
