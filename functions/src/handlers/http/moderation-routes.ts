import { ErrorEnvelope } from '../../contract/errors';
import {
  AppealRequest,
  AppealResolutionRequest,
  ModerationActionRequest,
  ModerationAppealParams,
  ModerationDecisionResponse,
  ModerationQueue,
  ModerationQueueQuery,
  ModerationUserParams,
  NoticeParams,
} from '../../contract/moderation';
import { dismissNotice, submitAppeal } from '../../services/moderation/appeals';
import { resolveAppeal, takeAction } from '../../services/moderation/moderation-actions';
import { listModerationQueue } from '../../services/moderation/moderation-queue';
import { requireModerator } from '../../services/moderation/roles';
import { defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });
const forbidden = error('forbidden: the caller is not a moderator');

/**
 * The moderation console's API (moderators and admins; members get 403) and the affected user's side: the
 * notice and the appeal. All in the safety function: a removed photo deletes objects, a suspension closes
 * sockets.
 */
export const moderationRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/moderation/queue',
    group: 'safety',
    summary:
      'Open reports grouped per reported person, and open appeals: most severe, most reported, oldest first',
    tags: ['moderation'],
    auth: true,
    query: ModerationQueueQuery,
    responses: {
      200: { description: 'A page of the queue', schema: ModerationQueue },
      400: error('A cursor this API did not give out'),
      403: forbidden,
    },
    handle: async ({ deps, caller, query }) => {
      requireModerator(caller);
      return json(200, await listModerationQueue(deps, query));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/moderation/users/{userId}/actions',
    group: 'safety',
    summary: 'Decide about a user (dismiss, warn, remove_photo, suspend, ban); settles their open reports',
    tags: ['moderation'],
    auth: true,
    params: ModerationUserParams,
    body: ModerationActionRequest,
    responses: {
      201: { description: 'Decided, in effect and audited', schema: ModerationDecisionResponse },
      400: error('photoId or days missing for the action'),
      403: forbidden,
      404: error('Unknown user or photo'),
    },
    handle: async ({ deps, caller, params, body, request }) => {
      requireModerator(caller);
      return json(201, await takeAction(deps, caller, params.userId, body, request));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/moderation/users/{userId}/appeals/{decisionId}',
    group: 'safety',
    summary: 'Answer an appeal: keep the decision (upheld) or undo it (lifted)',
    tags: ['moderation'],
    auth: true,
    params: ModerationAppealParams,
    body: AppealResolutionRequest,
    responses: {
      204: { description: 'Answered and audited' },
      403: forbidden,
      404: error('No open appeal of this decision'),
    },
    handle: async ({ deps, caller, params, body, request }) => {
      requireModerator(caller);
      await resolveAppeal(deps, caller, params.userId, params.decisionId, body, request);
      return noContent();
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/appeals',
    group: 'safety',
    summary: 'Appeal a moderation decision once; the appeal token comes with the notice or the refused login',
    tags: ['moderation'],
    auth: false,
    body: AppealRequest,
    responses: {
      201: { description: 'The appeal waits for a moderator' },
      401: error('An invalid or expired appeal token'),
      404: error('No such decision'),
      409: error('conflict: this decision was appealed already'),
    },
    handle: async ({ deps, body, request }) => json(201, await submitAppeal(deps, body, request)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/me/notice/{decisionId}',
    group: 'safety',
    summary: 'Dismiss the moderation notice: it stops showing in GET /api/me',
    tags: ['moderation'],
    auth: true,
    params: NoticeParams,
    responses: { 204: { description: 'Dismissed' }, 404: error('No such notice') },
    handle: async ({ deps, caller, params }) => {
      await dismissNotice(deps, caller.userId, params.decisionId);
      return noContent();
    },
  }),
];
