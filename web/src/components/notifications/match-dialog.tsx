import type { MatchSummary } from '@dating/functions/contract';
import { useRef } from 'react';
import { Link } from 'react-router';
import { chatPath } from '../../config/paths';
import { matchAnnouncements, useCurrentMatchAnnouncement } from '../../lib/match-announcements';
import { ProfileThumbnail } from '../profile/profile-thumbnail';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';

interface MatchDialogProps {
  match: MatchSummary | null;
  onClose: () => void;
}

/** "It's a match": both liked each other. Focus starts on the way to the chat; Escape keeps looking. */
export function MatchDialog({ match, onClose }: MatchDialogProps) {
  const sendMessage = useRef<HTMLAnchorElement>(null);
  if (!match) return null;
  const { user } = match;
  const photo = user.photos[0];
  return (
    <Dialog
      open
      onClose={onClose}
      title="It’s a match!"
      description={`You and ${user.displayName} like each other.`}
      initialFocus={sendMessage}
      className="match-dialog"
    >
      {photo && <ProfileThumbnail photo={photo} name={user.displayName} className="match-dialog__photo" />}
      <div className="dialog__actions">
        <Button variant="secondary" onClick={onClose}>
          Keep looking
        </Button>
        <Link
          ref={sendMessage}
          className="button button--primary"
          to={chatPath(match.matchId)}
          onClick={onClose}
        >
          <span className="button__label">Send a message</span>
        </Link>
      </div>
    </Dialog>
  );
}

/**
 * Shows the tab's match announcements one at a time, on whichever page the user is: mounted once by the
 * signed-in layout.
 */
export function MatchAnnouncementDialog() {
  const match = useCurrentMatchAnnouncement();
  return <MatchDialog key={match?.matchId} match={match} onClose={matchAnnouncements.dismiss} />;
}
