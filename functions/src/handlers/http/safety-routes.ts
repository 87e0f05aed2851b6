import { ErrorEnvelope } from '../../contract/errors';
import { BlockPage, BlockRequest, BlocksQuery, ReportRequest, ReportResponse } from '../../contract/matching';
import { UserIdParams } from '../../contract/profile';
import { blockUser, listBlocks, reportUser, unblockUser } from '../../services/safety/block-service';
import { defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

export const safetyRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/blocks',
    group: 'safety',
    summary:
      'Block a user: neither sees the other any more (discovery, matches, profile) and an active match ends',
    tags: ['safety'],
    auth: true,
    body: BlockRequest,
    responses: {
      204: { description: 'Blocked (or already blocked)' },
      404: error('Unknown user, or the caller'),
    },
    handle: async ({ deps, caller, body, request }) => {
      await blockUser(deps, caller.userId, body.userId, request);
      return noContent();
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/blocks/{userId}',
    group: 'safety',
    summary: 'Lift the caller’s block; swipes and ended matches stay as they were',
    tags: ['safety'],
    auth: true,
    params: UserIdParams,
    responses: { 204: { description: 'Not blocked by the caller any more' } },
    handle: async ({ deps, caller, params }) => {
      await unblockUser(deps, caller.userId, params.userId);
      return noContent();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/blocks',
    group: 'safety',
    summary: 'Whom the caller blocked, newest first',
    tags: ['safety'],
    auth: true,
    query: BlocksQuery,
    responses: {
      200: { description: 'A page of blocked users', schema: BlockPage },
      400: error('A cursor this API did not give out'),
    },
    handle: async ({ deps, caller, query }) => json(200, await listBlocks(deps, caller.userId, query)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/reports',
    group: 'safety',
    summary: 'Report a user to moderation; also blocks them',
    tags: ['safety'],
    auth: true,
    body: ReportRequest,
    responses: {
      201: { description: 'Report kept for moderation; the user is blocked', schema: ReportResponse },
      404: error('Unknown user, or the caller'),
      429: error('rate_limited: 20 reports per day'),
    },
    handle: async ({ deps, caller, body, request }) =>
      json(201, await reportUser(deps, caller.userId, body, request)),
  }),
];
