import type { MatchSummary } from '@dating/functions/contract';
import { useRef } from 'react';
import { Link } from 'react-router';
import { ProfileThumbnail } from '../../../components/profile/profile-thumbnail';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { LoadError } from '../../../components/ui/load-error';
import { PageLoader } from '../../../components/ui/page-loader';
import { chatPath, matchPath, paths } from '../../../config/paths';
import { formatDay } from '../../../lib/format-date';
import { useMatches } from '../api/get-matches';

function MatchRow({ match }: { match: MatchSummary }) {
  const { user, lastMessage, unreadCount } = match;
  const photo = user.photos[0];
  return (
    <li className="match-list__item">
      <Link className="match-row" to={matchPath(match.matchId)}>
        {photo ? (
          <ProfileThumbnail
            photo={photo}
            name={user.displayName}
            className="match-row__photo"
            loading="lazy"
          />
        ) : (
          <span className="match-row__photo match-row__photo--empty" aria-hidden="true">
            {user.displayName.charAt(0).toUpperCase()}
          </span>
        )}
        <span className="match-row__text">
          <span className="match-row__name">
            {user.displayName}, {user.age}
          </span>
          {lastMessage ? (
            <span className="match-row__preview">{lastMessage.text}</span>
          ) : (
            <span className="match-row__meta">Matched on {formatDay(match.createdAt)}</span>
          )}
        </span>
        {unreadCount > 0 && (
          <span className="badge">
            {unreadCount}
            <span className="visually-hidden"> unread {unreadCount === 1 ? 'message' : 'messages'}</span>
          </span>
        )}
      </Link>
      <Link className="button button--secondary match-row__chat" to={chatPath(match.matchId)}>
        <span className="button__label">
          Message<span className="visually-hidden"> {user.displayName}</span>
        </span>
      </Link>
    </li>
  );
}

/** Everyone the user matched with, latest activity first, a page at a time. */
export function MatchesList() {
  const matches = useMatches();
  const list = useRef<HTMLUListElement>(null);

  if (matches.isPending) return <PageLoader label="Loading your matches…" />;
  if (matches.isError) {
    return <LoadError title="Your matches could not be loaded." query={matches} />;
  }

  const items = matches.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <div className="card empty-state">
        <h2>No matches yet</h2>
        <p>When someone you liked likes you back, they appear here.</p>
        <p className="empty-state__actions">
          <Link className="button button--primary" to={paths.discover}>
            <span className="button__label">Discover people</span>
          </Link>
        </p>
      </div>
    );
  }

  const loadMore = async () => {
    const shown = items.length;
    await matches.fetchNextPage();
    // The button may be gone now (last page): continue from the first match that just arrived.
    list.current?.querySelectorAll<HTMLAnchorElement>('a.match-row')[shown]?.focus();
  };

  return (
    <div className="matches">
      <ul ref={list} className="match-list" aria-label="Your matches">
        {items.map((match) => (
          <MatchRow key={match.matchId} match={match} />
        ))}
      </ul>
      {matches.hasNextPage && (
        <Button
          variant="secondary"
          className="matches__more"
          onClick={() => void loadMore()}
          pending={matches.isFetchingNextPage}
        >
          Load more matches
        </Button>
      )}
      {matches.isFetchNextPageError && <Alert title="More matches could not be loaded. Please try again." />}
    </div>
  );
}
