import type { MatchSummary, ReceivedLike } from '@dating/functions/contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { ProfileThumbnail } from '../../../components/profile/profile-thumbnail';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { LoadError } from '../../../components/ui/load-error';
import { PageLoader } from '../../../components/ui/page-loader';
import { chatPath, paths } from '../../../config/paths';
import { useAnswerLike } from '../api/answer-like';
import { useLikes } from '../api/get-likes';

function LikeRow({ like, onMatched }: { like: ReceivedLike; onMatched: (match: MatchSummary) => void }) {
  const answer = useAnswerLike();
  const { user } = like;
  const photo = user.photos[0];
  const decide = (decision: 'like' | 'pass') =>
    answer.mutate(
      { userId: user.userId, decision },
      { onSuccess: (response) => response.match && onMatched(response.match) },
    );
  return (
    <li className="match-list__item">
      <div className="match-row">
        {photo && (
          <ProfileThumbnail
            photo={photo}
            name={user.displayName}
            className="match-row__photo"
            loading="lazy"
          />
        )}
        <span className="match-row__text">
          <span className="match-row__name">
            {user.displayName}, {user.age}
          </span>
          <span className="match-row__meta">{user.distanceKm} km away</span>
          {user.bio && <span className="match-row__preview">{user.bio}</span>}
        </span>
      </div>
      <Button
        pending={answer.isPending && answer.variables?.decision === 'like'}
        onClick={() => decide('like')}
      >
        Like back<span className="visually-hidden"> {user.displayName}</span>
      </Button>
      <Button
        variant="secondary"
        pending={answer.isPending && answer.variables?.decision === 'pass'}
        onClick={() => decide('pass')}
      >
        Pass<span className="visually-hidden"> on {user.displayName}</span>
      </Button>
      {answer.isError && <p role="alert">That did not work. Please try again.</p>}
    </li>
  );
}

/** Everyone who liked the caller and is still unanswered; liking back makes the match at once. */
export function LikesList() {
  const likes = useLikes();
  const [matched, setMatched] = useState<MatchSummary | null>(null);
  if (likes.isPending) return <PageLoader />;
  if (likes.isError) return <LoadError title="Could not load your likes" query={likes} />;
  return (
    <>
      {matched && (
        <Alert tone="success" title={`It’s a match with ${matched.user.displayName}!`}>
          <Link to={chatPath(matched.matchId)}>Say hello</Link>
        </Alert>
      )}
      {likes.data.items.length === 0 ? (
        <p>
          Nobody new has liked you yet. Keep going in <Link to={paths.discover}>Discover</Link>.
        </p>
      ) : (
        <ul className="match-list" aria-label="People who liked you">
          {likes.data.items.map((like) => (
            <LikeRow key={like.user.userId} like={like} onMatched={setMatched} />
          ))}
        </ul>
      )}
    </>
  );
}
