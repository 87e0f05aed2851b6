import * as z from 'zod/mini';
import { Id, IsoDateTime } from './common';

/** The most sessions `GET /api/me/sessions` lists: the most recently used ones. */
export const MAX_LISTED_SESSIONS = 50;

/** One login (a refresh-token family) that is still live: not ended, not expired. */
export const SessionSummary = z.object({
  id: Id,
  createdAt: IsoDateTime,
  /** The last refresh (the SPA refreshes every 15 minutes while open); the login time until then. */
  lastUsedAt: IsoDateTime,
  /** Coarse label from the login's User-Agent, e.g. "Firefox on Linux", "Safari on iPhone". */
  device: z.string(),
  /** The session the request was made in. */
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionList = z.object({
  /** Most recently used first, at most `MAX_LISTED_SESSIONS`. */
  sessions: z.array(SessionSummary),
  /** True when there were more live sessions than listed (`DELETE /api/me/sessions` ends them all). */
  truncated: z.boolean(),
});
export type SessionList = z.infer<typeof SessionList>;

export const SessionIdParams = z.strictObject({ sessionId: Id });

export const EndedSessions = z.object({
  /** How many sessions were ended. */
  ended: z.int().check(z.gte(0)),
});
export type EndedSessions = z.infer<typeof EndedSessions>;
