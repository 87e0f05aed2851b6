import { useLocation } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { PageHeading } from '../../../components/ui/page-heading';
import { MatchesList } from '../../../features/matches/components/matches-list';

/** What the match page reports after an unmatch, block or report (router state, so only the app can set it). */
export interface MatchesNotice {
  notice: string;
}

function noticeFrom(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return null;
  const { notice } = state as MatchesNotice;
  return typeof notice === 'string' ? notice : null;
}

export function MatchesRoute() {
  const notice = noticeFrom(useLocation().state);
  return (
    <>
      <PageHeading title="Matches">Everyone who liked you back.</PageHeading>
      {notice && <Alert tone="success" title={notice} />}
      <MatchesList />
    </>
  );
}
