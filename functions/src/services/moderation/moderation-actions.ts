import type { ModerationActionRequest } from '../../contract/moderation';
import { AppError, notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { suspensionEnd } from '../../domain/moderation';
import type { DecisionRecord } from '../../ports/moderation';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Caller } from '../auth/authenticate-caller';
import type { Deps } from '../deps';
import { deletePhoto } from '../photos/photo-service';
import { endAllMatches, endAllSessions } from './account-restrictions';
import { bannedEmailHash, bannedEmailHashes } from './moderation-keys';
import { retainPhotoForModeration } from './retained-photos';

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, { fields: { [field]: [message] } });

/**
 * A moderator's decision about a user: it settles every open report about them (the queue item goes), takes
 * effect at once, and is audited in the subject's log with the moderator's id.
 * - dismiss: nothing happens to the account; an auto-hidden profile shows again.
 * - warn: the user sees the note at their next visit (`GET /api/me` `notice`).
 * - remove_photo: a private copy is kept for moderation, the photo goes, the user is told.
 * - suspend (days): login, refresh and access tokens are refused and open sockets close until the end date;
 *   the profile is hidden from discovery, profile views and matches meanwhile.
 * - ban: the same for good, the active matches end, and the address cannot register again (a keyed hash).
 */
export async function takeAction(
  deps: Deps,
  moderator: Caller,
  subjectId: string,
  input: ModerationActionRequest,
  actor: Actor,
): Promise<{ decisionId: string; createdAt: string }> {
  if (subjectId === moderator.userId)
    throw new AppError('forbidden', 'Moderators cannot decide about themselves');
  const subject = await deps.store.users.findById(subjectId);
  if (!subject) throw notFound('User not found');
  if (input.action === 'remove_photo' && input.photoId === undefined) {
    throw invalid('photoId', 'required to remove a photo');
  }
  if (input.action === 'suspend' && input.days === undefined) throw invalid('days', 'required to suspend');
  const now = deps.clock.now();
  const at = now.toISOString();
  const decision: DecisionRecord = {
    id: newId(now),
    subjectId,
    moderatorId: moderator.userId,
    action: input.action,
    note: input.note,
    photoId: input.action === 'remove_photo' ? (input.photoId ?? null) : null,
    until: input.action === 'suspend' && input.days !== undefined ? suspensionEnd(now, input.days) : null,
    createdAt: at,
    acknowledgedAt: null,
    appeal: null,
  };
  const openReports = await deps.store.moderation.listOpenReportsAbout(subjectId);
  const { moderation } = deps.store;

  if (decision.action === 'remove_photo' && decision.photoId !== null) {
    const photo = await deps.store.photos.get(subjectId, decision.photoId);
    if (!photo) throw notFound('Photo not found');
    await retainPhotoForModeration(deps, photo);
    await deletePhoto(deps, subjectId, photo.id);
  }
  await moderation.addDecision(decision);
  if (decision.action === 'suspend' || decision.action === 'ban') {
    await moderation.setStatus(subjectId, decision.action === 'ban' ? 'banned' : 'suspended', decision.until);
    await moderation.setVisibility(subjectId, 'restricted');
    await endAllSessions(deps, subjectId);
    if (decision.action === 'ban') {
      await moderation.banEmail(bannedEmailHash(deps.config.auth, subject.email), at);
      await endAllMatches(deps, subjectId);
    }
  } else {
    // The moderator has decided: a profile auto-hidden for review shows again (a restriction stays).
    const profile = await deps.store.profiles.get(subjectId);
    if (profile?.visibility === 'review') await moderation.setVisibility(subjectId, null);
  }
  if (decision.action !== 'dismiss') await moderation.setNotice(subjectId, decision.id);
  await moderation.resolveReports(openReports, decision.id, at);
  await recordAuditEvent(deps, 'moderation_action', subjectId, actor, {
    decisionId: decision.id,
    action: decision.action,
    moderatorId: moderator.userId,
    reports: openReports.length,
  });
  deps.log.info('moderation decision', { subjectId, action: decision.action, moderatorId: moderator.userId });
  return { decisionId: decision.id, createdAt: at };
}

/**
 * A moderator answers an appeal: `upheld` keeps the decision; `lifted` undoes what can be undone (a suspension
 * or ban ends, the address may register again; a removed photo stays removed, a warning stays on record).
 */
export async function resolveAppeal(
  deps: Deps,
  moderator: Caller,
  subjectId: string,
  decisionId: string,
  input: { outcome: 'upheld' | 'lifted'; note: string },
  actor: Actor,
): Promise<void> {
  const decision = await deps.store.moderation.getDecision(subjectId, decisionId);
  if (!decision?.appeal || decision.appeal.resolvedAt !== null)
    throw notFound('No open appeal of this decision');
  const at = deps.clock.now().toISOString();
  if (!(await deps.store.moderation.resolveAppeal(subjectId, decisionId, input.outcome, at))) {
    throw notFound('No open appeal of this decision');
  }
  if (input.outcome === 'lifted' && (decision.action === 'suspend' || decision.action === 'ban')) {
    const subject = await deps.store.users.findById(subjectId);
    await deps.store.moderation.setStatus(subjectId, 'active', null);
    await deps.store.moderation.setVisibility(subjectId, null);
    if (decision.action === 'ban' && subject) {
      for (const hash of bannedEmailHashes(deps.config.auth, subject.email)) {
        await deps.store.moderation.unbanEmail(hash);
      }
    }
  }
  await deps.store.moderation.setNotice(subjectId, decision.id);
  await recordAuditEvent(deps, 'moderation_appeal_resolved', subjectId, actor, {
    decisionId,
    outcome: input.outcome,
    moderatorId: moderator.userId,
  });
}
