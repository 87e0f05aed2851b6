import { connectionUser } from '../../../services/chat/realtime-service';
import type { WsMiddleware } from './types';

/**
 * Routes with `auth: true` act as the user who opened the connection with a ticket: looked up by connection
 * id (API Gateway keeps no session for us). An unknown or expired connection gets an `unauthorized` error.
 */
export const identifyConnection = (required: boolean): WsMiddleware => ({
  before: async (request) => {
    if (!required) return;
    const { context } = request;
    context.userId = await connectionUser(context.deps, context.connectionId);
  },
});
