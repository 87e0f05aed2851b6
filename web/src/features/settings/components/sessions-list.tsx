import type { SessionSummary } from '@dating/functions/contract';
import { type ReactNode, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { LoadError } from '../../../components/ui/load-error';
import { PageLoader } from '../../../components/ui/page-loader';
import { useAnnouncer } from '../../../hooks/use-announcer';
import { formatDay } from '../../../lib/format-date';
import { useEndOtherSessions, useEndSession } from '../api/end-sessions';
import { useSessions } from '../api/get-sessions';

const describe = (session: SessionSummary) =>
  `Signed in ${formatDay(session.createdAt)} · last used ${formatDay(session.lastUsedAt)}`;

/** Where I am logged in, with "Log out" per other session and "Log out everywhere else". */
export function SessionsList() {
  const sessions = useSessions();
  const [announcement, announce] = useAnnouncer();
  const [failed, setFailed] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const onError = (error: Error) => setFailed(`Logging out failed: ${error.message}`);
  const endOne = useEndSession({ mutationConfig: { onError } });
  const endOthers = useEndOtherSessions({
    mutationConfig: {
      onError,
      onSuccess: ({ ended }) => {
        announce(ended === 1 ? '1 other session logged out.' : `${ended} other sessions logged out.`);
        heading.current?.focus();
      },
    },
  });

  let content: ReactNode;
  if (sessions.isPending) content = <PageLoader label="Loading your sessions…" />;
  else if (sessions.isError) {
    content = <LoadError title="Your sessions could not be loaded." query={sessions} />;
  } else {
    const others = sessions.data.sessions.filter((session) => !session.current);
    content = (
      <>
        <ul className="blocked-list" aria-label="Sessions">
          {sessions.data.sessions.map((session) => (
            <li key={session.id} className="blocked-list__item">
              <span>
                <span className="blocked-list__name">
                  {session.device}
                  {session.current ? ' (this device)' : ''}
                </span>
                <span className="blocked-list__since">{describe(session)}</span>
              </span>
              {session.current ? null : (
                <Button
                  variant="secondary"
                  pending={endOne.isPending && endOne.variables === session.id}
                  onClick={() => {
                    setFailed(null);
                    endOne.mutate(session.id, {
                      onSuccess: () => {
                        announce(`${session.device} is logged out.`);
                        heading.current?.focus();
                      },
                    });
                  }}
                >
                  Log out<span className="visually-hidden"> {session.device}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
        {others.length > 0 || sessions.data.truncated ? (
          <Button
            variant="secondary"
            pending={endOthers.isPending}
            onClick={() => {
              setFailed(null);
              endOthers.mutate();
            }}
          >
            Log out everywhere else
          </Button>
        ) : (
          <p className="muted">You are not logged in anywhere else.</p>
        )}
      </>
    );
  }

  return (
    <section className="card settings-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title" ref={heading} tabIndex={-1}>
        Where you are logged in
      </h2>
      {failed && <Alert title={failed} />}
      {content}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </section>
  );
}
