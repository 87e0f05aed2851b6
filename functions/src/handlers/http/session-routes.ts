import { ErrorEnvelope } from '../../contract/errors';
import { EndedSessions, SessionIdParams, SessionList } from '../../contract/sessions';
import { endOtherSessions, endSession, listSessions } from '../../services/auth/session-service';
import { defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

/** The caller's logins (refresh-token families): list them, end one, end all but the current one. */
export const sessionRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/me/sessions',
    group: 'profile',
    summary: 'List my live sessions (logins): device, created, last used, current; most recently used first',
    tags: ['auth'],
    auth: true,
    responses: { 200: { description: 'Up to 50 sessions', schema: SessionList } },
    handle: async ({ deps, caller }) => json(200, await listSessions(deps, caller)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/me/sessions/{sessionId}',
    group: 'profile',
    summary: 'End one session: its refresh token stops working and its WebSocket connections close',
    tags: ['auth'],
    auth: true,
    params: SessionIdParams,
    responses: {
      204: { description: 'Ended' },
      404: error('Unknown or already ended session, or not the caller’s'),
    },
    handle: async ({ deps, caller, params, request }) => {
      await endSession(deps, caller, params.sessionId, request);
      return noContent();
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/me/sessions',
    group: 'profile',
    summary: 'End every session but the current one ("log out everywhere else")',
    tags: ['auth'],
    auth: true,
    responses: { 200: { description: 'How many sessions were ended', schema: EndedSessions } },
    handle: async ({ deps, caller, request }) => json(200, await endOtherSessions(deps, caller, request)),
  }),
];
