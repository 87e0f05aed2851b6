import type { BlockPage, ReportRequest, ReportResponse } from '../../contract/matching';
import { AppError, notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import type { ReportedMessage, ReportRecord } from '../../ports/matching';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Deps } from '../deps';
import { publishUnmatched } from '../matches/match-events';
import { otherPartyOf } from '../matches/match-views';
import { DEFAULT_PAGE_LIMIT, decodePageCursor, pageOf } from '../matches/page-cursor';
import { autoHideIfReportedOften } from '../moderation/auto-hide';
import { rekeyUserMedia } from '../photos/photo-media';
import { enforceRateLimit } from './rate-limiter';

const userNotFound = () => notFound('User not found');

async function requireOtherUser(deps: Deps, userId: string, otherUserId: string): Promise<void> {
  if (otherUserId === userId || !(await deps.store.users.findById(otherUserId))) throw userNotFound();
}

/**
 * Blocks another user: from now on neither sees the other in discovery, matches or profiles, and neither can
 * swipe on the other. An active match between them ends (the other side gets `unmatched`). The blocker's
 * photos move under new media tokens, so the rendition URLs the blocked user already holds answer 404 once
 * caches expire (at most MEDIA_MAX_AGE_SECONDS); everyone else gets the new URLs with their next read.
 * Idempotent (a repeated block re-keys again, harmlessly).
 */
export async function blockUser(deps: Deps, userId: string, blockedId: string, actor: Actor): Promise<void> {
  await requireOtherUser(deps, userId, blockedId);
  const createdAt = deps.clock.now().toISOString();
  const { endedMatch } = await deps.store.blocks.block({ blockerId: userId, blockedId, createdAt });
  const other = endedMatch ? otherPartyOf(endedMatch, userId) : null;
  if (endedMatch && other) await publishUnmatched(deps, other, endedMatch.id);
  await rekeyUserMedia(deps, userId);
  // The audit log names only the account whose event it is: whom they blocked is in the block record, which
  // erasure of either user finds and removes (an id in these details would outlive an erasure).
  await recordAuditEvent(deps, 'block', userId, actor);
}

/** Lifts the caller's block (not one the other user placed). Swipes and ended matches stay as they were. */
export async function unblockUser(deps: Deps, userId: string, blockedId: string): Promise<void> {
  if (blockedId === userId) throw userNotFound();
  await deps.store.blocks.unblock(userId, blockedId);
}

/** Whom the caller blocked, newest first. */
export async function listBlocks(
  deps: Deps,
  userId: string,
  query: { limit?: number; cursor?: string },
): Promise<BlockPage> {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  const after = query.cursor === undefined ? undefined : decodePageCursor(query.cursor);
  const fetched = await deps.store.blocks.list(userId, {
    limit: limit + 1,
    ...(after ? { after: { createdAt: after.at, userId: after.id } } : {}),
  });
  const page = pageOf(fetched, limit, ({ block }) => ({ at: block.createdAt, id: block.blockedId }));
  return {
    items: page.items.map(({ block, displayName }) => ({
      userId: block.blockedId,
      displayName,
      blockedAt: block.createdAt,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * The messages of the two's conversation among `messageIds`; any id that is not a message between exactly these
 * two is refused (400), so a report cannot pull in anybody else's chat.
 */
async function attachedMessages(
  deps: Deps,
  reporterId: string,
  reportedId: string,
  messageIds: readonly string[],
): Promise<ReportedMessage[]> {
  if (messageIds.length === 0) return [];
  const unknown = () =>
    new AppError('validation_failed', 'messageIds: only messages between you and this user can be attached', {
      fields: { messageIds: ['only messages between you and this user can be attached'] },
    });
  const match = (await deps.store.matches.listAllByUser(reporterId)).find(
    (candidate) => otherPartyOf(candidate, reporterId) === reportedId,
  );
  if (!match) throw unknown();
  const wanted = new Set(messageIds);
  const found = await deps.store.conversations.getMany(match.id, [...wanted]);
  if (found.length !== wanted.size) throw unknown();
  return found.map((message) => ({
    from: message.senderId === reporterId ? 'reporter' : 'reported',
    text: message.text,
    sentAt: message.createdAt,
  }));
}

/** Keeps a report for moderation and blocks the reported user (a report always implies a block). */
export async function reportUser(
  deps: Deps,
  userId: string,
  input: ReportRequest,
  actor: Actor,
): Promise<ReportResponse> {
  await requireOtherUser(deps, userId, input.userId);
  await enforceRateLimit(deps, 'reportsPerUser', userId);
  const now = deps.clock.now();
  // Copied before the block below ends the match: moderators see exactly what the reporter chose.
  const messages = await attachedMessages(deps, userId, input.userId, input.messageIds ?? []);
  const report: ReportRecord = {
    id: newId(now),
    reporterId: userId,
    reportedUserId: input.userId,
    reason: input.reason,
    details: input.details ? input.details : null,
    createdAt: now.toISOString(),
    ...(messages.length === 0 ? {} : { messages }),
  };
  await deps.store.reports.add(report);
  await autoHideIfReportedOften(deps, input.userId);
  // The report, not the audit event, names the reported user (pseudonymized when either account is erased).
  await recordAuditEvent(deps, 'report', userId, actor, { reportId: report.id, reason: input.reason });
  await blockUser(deps, userId, input.userId, actor);
  return { reportId: report.id, createdAt: report.createdAt };
}
