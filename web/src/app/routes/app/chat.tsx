import { Link, useParams } from 'react-router';
import { PageHeading } from '../../../components/ui/page-heading';
import { PageLoader } from '../../../components/ui/page-loader';
import { matchPath, paths } from '../../../config/paths';
import { ChatView } from '../../../features/chat/components/chat-view';
import { useMatch } from '../../../features/matches/api/get-match';
import { useMe } from '../../../lib/current-user';

/** The conversation with one match: the matches feature names the person, the chat feature does the rest. */
export function ChatRoute() {
  const { matchId = '' } = useParams();
  const me = useMe();
  const match = useMatch(matchId);
  const name = match.data?.user.displayName;
  return (
    <>
      <PageHeading title={name ? `Chat with ${name}` : 'Chat'}>
        <p>
          <Link to={paths.matches}>← All matches</Link>
          {match.data && (
            <>
              {' · '}
              <Link to={matchPath(matchId)}>{name}’s profile</Link>
            </>
          )}
        </p>
      </PageHeading>
      {me.data ? (
        <ChatView key={matchId} conversationId={matchId} myId={me.data.id} otherName={name ?? 'Your match'} />
      ) : (
        <PageLoader label="Loading messages…" />
      )}
    </>
  );
}
