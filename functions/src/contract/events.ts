import * as z from 'zod/mini';
import { Id } from './common';

/**
 * Events pushed to clients over the WebSocket (API.md "Events to the client"). Delivery is at least once:
 * every event carries ids so clients can de-duplicate.
 */
export const MatchEvent = z.object({
  type: z.literal('match'),
  match: z.object({ matchId: Id, userId: Id, createdAt: z.string() }),
});
export const UnmatchedEvent = z.object({ type: z.literal('unmatched'), matchId: Id });
export const PhotoEvent = z.object({
  type: z.literal('photo'),
  photo: z.object({ id: Id, status: z.enum(['pending', 'ready', 'rejected']), rejectReason: z.optional(z.string()) }),
});

export const ServerEvent = z.discriminatedUnion('type', [MatchEvent, UnmatchedEvent, PhotoEvent]);
export type ServerEvent = z.infer<typeof ServerEvent>;
