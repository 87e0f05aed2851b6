import type { ModerationNotice } from '../../contract/moderation';
import { noticeActions } from '../../domain/moderation';
import type { UserRecord } from '../../domain/records';
import type { DecisionRecord } from '../../ports/moderation';
import type { Deps } from '../deps';
import { issueAppealToken } from './appeal-tokens';

type NoticeAction = ModerationNotice['action'];
const isNoticeAction = (action: DecisionRecord['action']): action is NoticeAction =>
  noticeActions.includes(action);

/** What the subject is told about one decision, with an appeal token while it can still be appealed. */
export async function toNotice(deps: Deps, decision: DecisionRecord): Promise<ModerationNotice | null> {
  if (!isNoticeAction(decision.action)) return null;
  const appealable = decision.appeal === null;
  return {
    decisionId: decision.id,
    action: decision.action,
    note: decision.note,
    decidedAt: decision.createdAt,
    until: decision.until,
    appealToken: appealable
      ? await issueAppealToken(
          deps.config.auth,
          { userId: decision.subjectId, decisionId: decision.id },
          deps.clock.now(),
        )
      : null,
    appealStatus: decision.appeal === null ? 'none' : (decision.appeal.outcome ?? 'pending'),
  };
}

/** The decision that restricts the account now (the newest suspension or ban), for the refused login. */
export async function restrictionNotice(deps: Deps, user: UserRecord): Promise<ModerationNotice | null> {
  const decisions = await deps.store.moderation.listDecisionsAbout(user.id);
  const wanted = user.status === 'banned' ? 'ban' : 'suspend';
  const latest = decisions.filter((decision) => decision.action === wanted).at(-1);
  return latest ? toNotice(deps, latest) : null;
}

/** The decision the user has not dismissed yet (`GET /api/me`): read only when the account row names one. */
export async function pendingNotice(deps: Deps, user: UserRecord): Promise<ModerationNotice | null> {
  if (user.noticeDecisionId === undefined) return null;
  const decision = await deps.store.moderation.getDecision(user.id, user.noticeDecisionId);
  return decision ? toNotice(deps, decision) : null;
}
