import type { PublicProfile } from '@dating/functions/contract';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { PhotoGallery } from '../../../components/profile/photo-gallery';
import { PublicProfileDetails } from '../../../components/profile/public-profile-details';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { PageHeading } from '../../../components/ui/page-heading';
import { PageLoader } from '../../../components/ui/page-loader';
import { chatPath, paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-error';
import { formatDay } from '../../../lib/format-date';
import { useMatch } from '../api/get-match';
import { usePublicProfile } from '../api/get-public-profile';
import { useUnmatch } from '../api/unmatch';

interface MatchProfileProps {
  matchId: string;
  /** More ways to end things (block, report), from other features; they get the person. */
  actions?: (person: PublicProfile) => ReactNode;
  /** After the match ended here: the page goes back to the list. */
  onUnmatched: (person: PublicProfile) => void;
}

const isNotFound = (error: unknown) => error instanceof ApiError && error.code === 'not_found';

function BackToMatches() {
  return (
    <p>
      <Link to={paths.matches}>← All matches</Link>
    </p>
  );
}

/** A match's public profile with the ways to end the match. The heading stays put while data arrives. */
export function MatchProfile({ matchId, actions, onUnmatched }: MatchProfileProps) {
  const match = useMatch(matchId);
  const profile = usePublicProfile(match.data?.user.userId, match.data?.user);
  const [confirming, setConfirming] = useState(false);
  const unmatch = useUnmatch({
    mutationConfig: {
      onSuccess: () => {
        setConfirming(false);
        if (profile.data) onUnmatched(profile.data);
      },
    },
  });

  const person = profile.data;
  let content: ReactNode;
  if (match.isError || profile.isError) {
    const error = match.error ?? profile.error;
    content = isNotFound(error) ? (
      <Alert tone="info" title="This profile is no longer available.">
        <p>The match has ended, or one of you blocked the other.</p>
        <BackToMatches />
      </Alert>
    ) : (
      <Alert title="This profile could not be loaded." items={[error?.message ?? '']}>
        <Button
          variant="secondary"
          onClick={() => void (match.isError ? match.refetch() : profile.refetch())}
        >
          Try again
        </Button>
      </Alert>
    );
  } else if (!person || !match.data) {
    content = <PageLoader label="Loading the profile…" />;
  } else {
    content = (
      <>
        <div className="match-profile">
          <div className="match-profile__photos">
            <PhotoGallery photos={person.photos} name={person.displayName} />
          </div>
          <div className="card match-profile__details">
            <PublicProfileDetails profile={person} />
            <p className="match-profile__since">You matched on {formatDay(match.data.createdAt)}.</p>
            <p>
              <Link className="button button--primary" to={chatPath(matchId)}>
                <span className="button__label">Message {person.displayName}</span>
              </Link>
            </p>
          </div>
        </div>
        <section className="card match-actions" aria-labelledby="match-actions-title">
          <h2 id="match-actions-title">End this match</h2>
          <p>
            Unmatching ends your match and conversation. Blocking also hides you from each other until you
            unblock; reporting blocks too and tells our moderators.
          </p>
          <div className="match-actions__buttons">
            <Button
              variant="secondary"
              onClick={() => {
                unmatch.reset();
                setConfirming(true);
              }}
            >
              Unmatch
            </Button>
            {actions?.(person)}
          </div>
        </section>
        <ConfirmDialog
          open={confirming}
          title={`Unmatch ${person.displayName}?`}
          confirmLabel="Unmatch"
          pending={unmatch.isPending}
          error={unmatch.error?.message ?? null}
          onConfirm={() => unmatch.mutate(matchId)}
          onCancel={() => setConfirming(false)}
        >
          Your match and your conversation end for both of you. This cannot be undone.
        </ConfirmDialog>
      </>
    );
  }

  return (
    <>
      <PageHeading title={person?.displayName ?? 'Match'}>
        <BackToMatches />
      </PageHeading>
      {content}
    </>
  );
}
