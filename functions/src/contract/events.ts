import * as z from 'zod/mini';
import { ErrorEvent, MessageAckEvent, MessageEvent, PongEvent, ReadEvent, TypingEvent } from './chat';
import { Id } from './common';
import { MatchSummary } from './matching';
import { Photo } from './profile';

/**
 * Events pushed to clients over the WebSocket (docs/api.md, Events to the client). Delivery is at least once:
 * every event carries ids so clients can de-duplicate. `match` goes to each side of a new match, carrying the
 * match as that side lists it (a `GET /api/matches` item).
 */
export const MatchEvent = z.object({ type: z.literal('match'), match: MatchSummary });
export const UnmatchedEvent = z.object({ type: z.literal('unmatched'), matchId: Id });
/** `photo` goes to the owner when an upload was processed: the photo as `GET /api/photos` lists it. */
export const PhotoEvent = z.object({ type: z.literal('photo'), photo: Photo });

/** The chat's events (`message`, `messageAck`, `typing`, `read`, `pong`, `error`) are defined in chat.ts. */
export const ServerEvent = z.discriminatedUnion('type', [
  MatchEvent,
  UnmatchedEvent,
  PhotoEvent,
  MessageEvent,
  MessageAckEvent,
  TypingEvent,
  ReadEvent,
  PongEvent,
  ErrorEvent,
]);
export type ServerEvent = z.infer<typeof ServerEvent>;
