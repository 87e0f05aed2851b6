import { AppError, notFound } from '../../domain/errors';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { Deps } from '../deps';
import { readAppealToken } from './appeal-tokens';

/**
 * `POST /api/appeals`: the user's one appeal of a decision joins the moderation queue. The appeal token (from
 * the notice, or from the refused login of a suspended or banned account) says whose decision it is.
 */
export async function submitAppeal(
  deps: Deps,
  input: { appealToken: string; text: string },
  actor: Actor,
): Promise<{ decisionId: string; appealedAt: string }> {
  const now = deps.clock.now();
  const claims = await readAppealToken(deps.config.auth, input.appealToken, now);
  const decision = await deps.store.moderation.getDecision(claims.userId, claims.decisionId);
  if (!decision || decision.action === 'dismiss') throw notFound('No such decision');
  const appealedAt = now.toISOString();
  const outcome = await deps.store.moderation.addAppeal(claims.userId, claims.decisionId, {
    text: input.text,
    createdAt: appealedAt,
    resolvedAt: null,
    outcome: null,
  });
  if (outcome === 'not_found') throw notFound('No such decision');
  if (outcome === 'exists') throw new AppError('conflict', 'This decision has been appealed already');
  await recordAuditEvent(deps, 'moderation_appeal', claims.userId, actor, { decisionId: claims.decisionId });
  return { decisionId: claims.decisionId, appealedAt };
}

/** `DELETE /api/me/notice/{decisionId}`: the user has read the notice; it stops showing. */
export async function dismissNotice(deps: Deps, userId: string, decisionId: string): Promise<void> {
  const decision = await deps.store.moderation.getDecision(userId, decisionId);
  if (!decision) throw notFound('No such notice');
  await deps.store.moderation.acknowledge(userId, decisionId, deps.clock.now().toISOString());
  const user = await deps.store.users.findById(userId);
  if (user?.noticeDecisionId === decisionId) await deps.store.moderation.setNotice(userId, null);
}
