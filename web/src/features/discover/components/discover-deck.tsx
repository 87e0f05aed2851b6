import type { PublicProfile, SwipeDecision, SwipeRequest } from '@dating/functions/contract';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { EmailUnverifiedNotice } from '../../../components/account/email-unverified-notice';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { CrossIcon, HeartIcon } from '../../../components/ui/icons';
import { LoadError } from '../../../components/ui/load-error';
import { PageLoader } from '../../../components/ui/page-loader';
import { paths } from '../../../config/paths';
import { useAnnouncer } from '../../../hooks/use-announcer';
import { ApiError, describeWait, isEmailUnverified } from '../../../lib/api-error';
import { matchAnnouncements, useCurrentMatchAnnouncement } from '../../../lib/match-announcements';
import { useCandidates } from '../api/get-candidates';
import { useSwipe, useSwipesInFlight } from '../api/swipe';
import { useUndoPass } from '../api/undo-pass';
import { useSwipeShortcuts } from '../hooks/use-swipe-shortcuts';
import { swipeShortcuts } from '../keyboard-shortcuts';
import { CandidateCard } from './candidate-card';

const isProfileRequired = (error: unknown) => error instanceof ApiError && error.code === 'profile_required';

/** Loads the next person's main photo while the user looks at this one, so the next card shows at once. */
function usePreloadPhoto(candidate: PublicProfile | undefined) {
  const url = candidate?.photos[0]?.urls.display;
  useEffect(() => {
    if (!url) return;
    const image = new Image();
    image.src = url;
  }, [url]);
}

/** Counts down a rate limit's wait; null once the user may swipe again. */
function usePause() {
  const [until, setUntil] = useState<number | null>(null);
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(() => setUntil(null), Math.max(0, until - Date.now()));
    return () => clearTimeout(timer);
  }, [until]);
  return { paused: until !== null, pauseFor: (seconds: number) => setUntil(Date.now() + seconds * 1000) };
}

function ShortcutKeys({ keys }: { keys: readonly string[] }) {
  return (
    <>
      {keys.map((key, index) => (
        <span key={key}>
          {index > 0 && ' or '}
          <kbd>{key}</kbd>
        </span>
      ))}
    </>
  );
}

/**
 * The card stack: the best candidate on top, Like and Pass by button or keyboard. A decision takes the card
 * away at once; the server's answer may open the match dialog, or put the card back with the reason it failed.
 */
export function DiscoverDeck() {
  const navigate = useNavigate();
  const candidates = useCandidates();
  const inFlight = useSwipesInFlight();
  const [sent, setSent] = useState<ReadonlySet<string>>(() => new Set());
  const [failure, setFailure] = useState<{ message: string; tone: 'error' | 'info' } | null>(null);
  const [unverified, setUnverified] = useState(false);
  const [announcement, announce] = useAnnouncer();
  const announcedMatch = useCurrentMatchAnnouncement();
  const { paused, pauseFor } = usePause();
  const names = useRef(new Map<string, string>());
  const [lastPass, setLastPass] = useState<string | null>(null);
  const undo = useUndoPass({
    onSuccess: ({ targetUserId, user }) => {
      setSent((current) => new Set([...current].filter((id) => id !== targetUserId)));
      setLastPass(null);
      setFailure(null);
      announce(user ? `${user.displayName} is back.` : 'Your pass is undone.');
    },
    onError: (error) => {
      setLastPass(null);
      setFailure({ tone: 'info', message: `That pass cannot be undone: ${error.message}` });
    },
  });

  const nameOf = (input: SwipeRequest) => names.current.get(input.targetUserId) ?? 'This person';
  const swipe = useSwipe({
    onSuccess: (response, input) => {
      setLastPass(input.decision === 'pass' ? input.targetUserId : null);
      if (!response.matched || !response.match) return;
      matchAnnouncements.announce(response.match);
      announce(`It’s a match with ${response.match.user.displayName}!`);
    },
    onError: (error, input) => {
      setSent((current) => new Set([...current].filter((id) => id !== input.targetUserId)));
      if (isProfileRequired(error)) {
        navigate(paths.onboarding, { replace: true });
        return;
      }
      if (isEmailUnverified(error)) {
        setUnverified(true);
        return;
      }
      const name = nameOf(input);
      if (error instanceof ApiError && error.code === 'rate_limited') {
        const seconds = error.retryAfterSeconds ?? 60;
        pauseFor(seconds);
        setFailure({
          tone: 'info',
          message: `You have liked and passed a lot of people this hour. Take a break: you can carry on in about ${describeWait(seconds)}. ${name} is still here.`,
        });
        return;
      }
      if (error instanceof ApiError && error.code === 'not_found') {
        setFailure({ tone: 'info', message: `${name} is no longer available.` });
        return;
      }
      const what = input.decision === 'like' ? 'like' : 'pass';
      setFailure({
        tone: 'error',
        message: `Your ${what} was not sent: ${error.message} ${name} is back on top.`,
      });
    },
  });

  const deck = (candidates.data ?? []).filter((candidate) => !sent.has(candidate.userId));
  for (const candidate of deck) names.current.set(candidate.userId, candidate.displayName);
  const current = deck[0];
  usePreloadPhoto(deck[1]);

  const decide = (decision: SwipeDecision) => {
    if (!current || paused) return;
    setSent((ids) => new Set(ids).add(current.userId));
    setFailure(null);
    swipe.mutate({ targetUserId: current.userId, decision });
    const next = deck[1];
    const done =
      decision === 'like' ? `You liked ${current.displayName}.` : `You passed on ${current.displayName}.`;
    announce(next ? `${done} Next: ${next.displayName}, ${next.age}.` : done);
  };

  useSwipeShortcuts(current !== undefined && !paused && announcedMatch === null, decide);

  if (candidates.isPending) return <PageLoader label="Finding people near you…" />;
  if (candidates.isError) {
    if (isProfileRequired(candidates.error)) return <Navigate to={paths.onboarding} replace />;
    if (isEmailUnverified(candidates.error)) {
      return <EmailUnverifiedNotice action="see people near you" />;
    }
    return <LoadError title="People near you could not be loaded." query={candidates} />;
  }

  let body: ReactNode;
  if (current) {
    body = (
      <>
        <CandidateCard key={current.userId} candidate={current} />
        <div className="discover__actions">
          <Button
            variant="secondary"
            className="swipe-button"
            onClick={() => decide('pass')}
            disabled={paused}
            aria-keyshortcuts="ArrowLeft P"
          >
            <CrossIcon /> Pass<span className="visually-hidden"> on {current.displayName}</span>
          </Button>
          <Button
            className="swipe-button"
            onClick={() => decide('like')}
            disabled={paused}
            aria-keyshortcuts="ArrowRight L"
          >
            <HeartIcon /> Like<span className="visually-hidden"> {current.displayName}</span>
          </Button>
        </div>
        <p className="discover__shortcuts">
          Keyboard: <ShortcutKeys keys={swipeShortcuts.like} /> to like,{' '}
          <ShortcutKeys keys={swipeShortcuts.pass} /> to pass.
        </p>
      </>
    );
  } else if (candidates.isFetching || inFlight) {
    body = <PageLoader label="Looking for more people…" />;
  } else {
    body = (
      <div className="card empty-state">
        <h2>No one new nearby</h2>
        <p>Widen your distance or age range to meet more people, or look again later.</p>
        <p className="empty-state__actions">
          <Link className="button button--primary" to={paths.profile}>
            <span className="button__label">Edit your preferences</span>
          </Link>
          <Button variant="secondary" onClick={() => void candidates.refetch()}>
            Look again
          </Button>
        </p>
      </div>
    );
  }

  const undoName = lastPass === null ? null : (names.current.get(lastPass) ?? 'them');
  return (
    <div className="discover">
      {unverified && <EmailUnverifiedNotice action="like people" />}
      {failure && <Alert title={failure.message} tone={failure.tone} />}
      {undoName !== null && (
        <p className="discover__undo">
          <Button variant="quiet" pending={undo.isPending} onClick={() => undo.mutate()}>
            Undo pass on {undoName}
          </Button>
        </p>
      )}
      {body}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </div>
  );
}
