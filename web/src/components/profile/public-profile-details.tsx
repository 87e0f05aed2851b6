import type { PublicProfile } from '@dating/functions/contract';
import { describeDistance } from './distance';

interface PublicProfileDetailsProps {
  profile: PublicProfile;
  /** The name's heading level in the page's outline. */
  headingLevel?: 2 | 3;
  /** An id for the name's heading, so a region can be labelled by it. */
  headingId?: string;
}

/** What others may see of a person: name, age, distance, bio, interests, prompts. No photos (see PhotoGallery). */
export function PublicProfileDetails({ profile, headingLevel = 2, headingId }: PublicProfileDetailsProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <div className="person">
      <div className="person__header">
        <Heading id={headingId} className="person__name">
          {profile.displayName}, <span className="person__age">{profile.age}</span>
        </Heading>
        <p className="person__distance">{describeDistance(profile.distanceKm)}</p>
      </div>
      {profile.bio && <p className="person__bio">{profile.bio}</p>}
      {profile.interests.length > 0 && (
        <div className="person__section">
          <SubHeading className="person__subheading">Interests</SubHeading>
          <ul className="tags" aria-label={`${profile.displayName}’s interests`}>
            {profile.interests.map((interest) => (
              <li key={interest} className="tag tag--static">
                {interest}
              </li>
            ))}
          </ul>
        </div>
      )}
      {profile.prompts.length > 0 && (
        <dl className="person__prompts">
          {profile.prompts.map((prompt) => (
            <div key={prompt.question} className="person__prompt">
              <dt>{prompt.question}</dt>
              <dd>{prompt.answer}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
