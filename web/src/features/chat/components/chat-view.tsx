import { useRef } from 'react';
import { Link } from 'react-router';
import { EmailUnverifiedNotice } from '../../../components/account/email-unverified-notice';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { PageLoader } from '../../../components/ui/page-loader';
import { paths } from '../../../config/paths';
import type { RealtimeClient } from '../../../lib/realtime';
import { useChatSession } from '../hooks/use-chat-session';
import { Composer } from './composer';
import { MessageList } from './message-list';

interface ChatViewProps {
  conversationId: string;
  myId: string;
  /** The other person's name, for "… is typing". */
  otherName: string;
  /** The app's one connection unless a test passes another. */
  realtimeClient?: RealtimeClient;
}

/** One conversation: history, live messages, typing, read receipts and the composer. */
export function ChatView({ conversationId, myId, otherName, realtimeClient }: ChatViewProps) {
  const session = useChatSession({ conversationId, myId, client: realtimeClient });
  const follow = useRef(true);

  if (session.ended) {
    return (
      <Alert tone="info" title="This conversation has ended">
        <p>The match has ended, or one of you blocked the other.</p>
        <p>
          <Link to={paths.matches}>← All matches</Link>
        </p>
      </Alert>
    );
  }
  if (session.loading) return <PageLoader label="Loading messages…" />;
  if (session.loadError) {
    return (
      <Alert title="The messages could not be loaded." items={[session.loadError]}>
        <Button variant="secondary" onClick={session.reload}>
          Try again
        </Button>
      </Alert>
    );
  }

  const { connection } = session;
  return (
    <div className="chat">
      {connection !== 'open' && connection !== 'idle' && (
        <p className="chat__status" role="status">
          {connection === 'connecting' ? 'Connecting…' : 'Offline: reconnecting…'}
        </p>
      )}
      <MessageList
        state={session.state}
        myId={myId}
        otherName={otherName}
        seenId={session.seenId}
        typingVisible={session.typingVisible}
        hasOlder={session.hasOlder}
        loadingOlder={session.loadingOlder}
        onLoadOlder={session.loadOlder}
        onRetry={session.retry}
        follow={follow}
      />
      {session.unverified && <EmailUnverifiedNotice action="send messages" />}
      <Composer
        onSend={(text) => {
          follow.current = true;
          session.sendMessage(text);
        }}
        onTyping={session.sendTyping}
        disabled={session.ended}
      />
    </div>
  );
}
