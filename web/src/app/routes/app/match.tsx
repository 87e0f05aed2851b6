import { useNavigate, useParams } from 'react-router';
import { paths } from '../../../config/paths';
import { MatchProfile } from '../../../features/matches/components/match-profile';
import { BlockUserButton } from '../../../features/safety/components/block-user-button';
import { ReportUserButton } from '../../../features/safety/components/report-user-button';
import type { MatchesNotice } from './matches';

/** One match: the matches feature shows the person and unmatches; the safety feature blocks and reports. */
export function MatchRoute() {
  const { matchId = '' } = useParams();
  const navigate = useNavigate();
  const backToList = (notice: string) => {
    const state: MatchesNotice = { notice };
    navigate(paths.matches, { replace: true, state });
  };
  return (
    <MatchProfile
      matchId={matchId}
      onUnmatched={(person) => backToList(`You unmatched ${person.displayName}.`)}
      actions={(person) => (
        <>
          <BlockUserButton
            userId={person.userId}
            displayName={person.displayName}
            onBlocked={() => backToList(`You blocked ${person.displayName}.`)}
          />
          <ReportUserButton
            userId={person.userId}
            displayName={person.displayName}
            conversationId={matchId}
            onReported={() =>
              backToList(`Thank you. Your report about ${person.displayName} was sent, and they are blocked.`)
            }
          />
        </>
      )}
    />
  );
}
