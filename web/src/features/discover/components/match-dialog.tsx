import type { MatchSummary } from '@dating/functions/contract';
import { useRef } from 'react';
import { Link } from 'react-router';
import { ProfileThumbnail } from '../../../components/profile/profile-thumbnail';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { matchPath } from '../../../config/paths';

interface MatchDialogProps {
  match: MatchSummary | null;
  onClose: () => void;
}

/** "It's a match": both liked each other. Focus starts on the way to the match; Escape keeps discovering. */
export function MatchDialog({ match, onClose }: MatchDialogProps) {
  const goToMatch = useRef<HTMLAnchorElement>(null);
  if (!match) return null;
  const { user } = match;
  const photo = user.photos[0];
  return (
    <Dialog
      open
      onClose={onClose}
      title="It’s a match!"
      description={`You and ${user.displayName} like each other.`}
      initialFocus={goToMatch}
      className="match-dialog"
    >
      {photo && <ProfileThumbnail photo={photo} name={user.displayName} className="match-dialog__photo" />}
      <div className="dialog__actions">
        <Button variant="secondary" onClick={onClose}>
          Keep discovering
        </Button>
        <Link ref={goToMatch} className="button button--primary" to={matchPath(match.matchId)}>
          <span className="button__label">See {user.displayName}’s profile</span>
        </Link>
      </div>
    </Dialog>
  );
}
