import * as z from 'zod/mini';
import { Id, IsoDateTime, page } from './common';
import { Gender, Prompt, PublicPhoto } from './profile';

/** The longest note a moderator writes with a decision, and the longest appeal. */
export const MAX_MODERATION_NOTE_LENGTH = 2000;
export const MAX_APPEAL_LENGTH = 2000;

export const Role = z.enum(['member', 'moderator', 'admin']);
export const ModerationAction = z.enum(['dismiss', 'warn', 'remove_photo', 'suspend', 'ban']);

const Note = z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_MODERATION_NOTE_LENGTH));

/**
 * `POST /api/moderation/users/{userId}/actions`: a decision about everything open against the user. `photoId`
 * with `remove_photo`; `days` (1..365) with `suspend`.
 */
export const ModerationActionRequest = z.strictObject({
  action: ModerationAction,
  note: Note,
  photoId: z.optional(Id),
  days: z.optional(z.int().check(z.minimum(1), z.maximum(365))),
});
export type ModerationActionRequest = z.infer<typeof ModerationActionRequest>;

export const ModerationDecisionResponse = z.object({ decisionId: Id, createdAt: IsoDateTime });

/** `POST /api/moderation/users/{userId}/appeals/{decisionId}`: keep the decision, or lift it. */
export const AppealResolutionRequest = z.strictObject({
  outcome: z.enum(['upheld', 'lifted']),
  note: Note,
});

export const ModerationUserParams = z.strictObject({ userId: Id });
export const ModerationAppealParams = z.strictObject({ userId: Id, decisionId: Id });

/** A message the reporter attached: which side wrote it, never who. */
export const ReportedMessage = z.object({
  from: z.enum(['reporter', 'reported']),
  text: z.string(),
  sentAt: IsoDateTime,
});

/** What a moderator sees of one report: never who wrote it. */
export const QueueReport = z.object({
  reportId: Id,
  reason: z.string(),
  details: z.nullable(z.string()),
  createdAt: IsoDateTime,
  messages: z.array(ReportedMessage),
});

export const QueueAppeal = z.object({
  decisionId: Id,
  action: ModerationAction,
  note: z.string(),
  decidedAt: IsoDateTime,
  until: z.nullable(IsoDateTime),
  text: z.string(),
  appealedAt: IsoDateTime,
});

/** The person a queue item is about: their public profile, photos and the copies kept of deleted ones. */
export const QueueSubject = z.object({
  userId: z.string(),
  status: z.enum(['active', 'suspended', 'banned']),
  suspendedUntil: z.nullable(IsoDateTime),
  /** True while auto-hide keeps them out of discovery. */
  hiddenForReview: z.boolean(),
  profile: z.nullable(
    z.object({
      displayName: z.string(),
      age: z.int(),
      gender: Gender,
      bio: z.string(),
      interests: z.array(z.string()),
      prompts: z.array(Prompt),
    }),
  ),
  photos: z.array(PublicPhoto),
  /** Photos deleted after they were reported: private copies, for moderators only (data: URLs). */
  deletedPhotos: z.array(z.object({ photoId: z.string(), deletedAt: IsoDateTime, dataUrl: z.string() })),
});

/**
 * One item of the queue. `kind` says what waits: open `reports` about the person, or an `appeal` of a decision
 * (more kinds may come; clients skip kinds they do not know).
 */
export const QueueItem = z.object({
  kind: z.enum(['reports', 'appeal']),
  subject: QueueSubject,
  /** The most severe open reason (underage 5, harassment 4, inappropriate 3, fake 2, spam/other 1; appeal 3). */
  severity: z.int(),
  reporterCount: z.int(),
  /** When the oldest open report (or the appeal) came in. */
  openedAt: IsoDateTime,
  reports: z.array(QueueReport),
  appeal: z.nullable(QueueAppeal),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const ModerationQueueQuery = z.strictObject({
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,3}$/, 'must be a whole number')),
      z.transform((value) => Math.min(Math.max(Number(value), 1), 50)),
    ),
  ),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,6}$/, 'must be a cursor this API gave out'))),
});
export const ModerationQueue = page(QueueItem);
export type ModerationQueue = z.infer<typeof ModerationQueue>;

/** What the affected user is told about a decision (`GET /api/me` `notice`). */
export const ModerationNotice = z.object({
  decisionId: Id,
  action: z.enum(['warn', 'remove_photo', 'suspend', 'ban']),
  note: z.string(),
  decidedAt: IsoDateTime,
  /** The end of a suspension. */
  until: z.nullable(IsoDateTime),
  /** Present while an appeal can still be sent: the credential `POST /api/appeals` takes. */
  appealToken: z.nullable(z.string()),
  appealStatus: z.enum(['none', 'pending', 'upheld', 'lifted']),
});
export type ModerationNotice = z.infer<typeof ModerationNotice>;

/** `details` of the 403 `account_suspended` / `account_banned` a login gets. */
export const AccountRestrictedDetails = z.object({ notice: ModerationNotice });

/** `POST /api/appeals`: the appeal token (from the notice or the refused login) proves whose decision it is. */
export const AppealRequest = z.strictObject({
  appealToken: z.string().check(z.minLength(1), z.maxLength(2048)),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_APPEAL_LENGTH)),
});
export type AppealRequest = z.infer<typeof AppealRequest>;

export const NoticeParams = z.strictObject({ decisionId: Id });
