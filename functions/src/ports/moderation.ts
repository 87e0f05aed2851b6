import type { ModerationAction, ProfileVisibility, Role } from '../domain/moderation';
import type { UserStatus } from '../domain/records';
import type { ReportRecord } from './matching';

/** Repositories of trust and safety (docs/moderation.md): decisions, appeals, banned addresses, kept photos. */

export interface AppealRecord {
  text: string;
  createdAt: string;
  /** Null while the appeal waits in the queue. */
  resolvedAt: string | null;
  outcome: 'upheld' | 'lifted' | null;
}

/** What a moderator decided about one user (the subject). */
export interface DecisionRecord {
  id: string;
  subjectId: string;
  moderatorId: string;
  action: ModerationAction;
  /** The moderator's note: shown to the subject with the notice, exported to them. */
  note: string;
  /** The removed photo (`remove_photo`). */
  photoId: string | null;
  /** The end of a suspension (`suspend`). */
  until: string | null;
  createdAt: string;
  /** When the subject dismissed the notice of this decision; null while it is shown. */
  acknowledgedAt: string | null;
  /** The subject's one appeal of this decision, if any. */
  appeal: AppealRecord | null;
}

/** A photo deleted while its owner had open reports: a private copy kept for moderators. */
export interface RetainedPhotoRecord {
  userId: string;
  photoId: string;
  /** Under `moderation/` in the blob store: never served publicly. */
  blobKey: string;
  deletedAt: string;
}

export interface ModerationRepository {
  /** Sets the user's role; false when there is no such user. */
  setRole(userId: string, role: Role): Promise<boolean>;
  /** Sets the account's status (and the end of a suspension, null otherwise). */
  setStatus(userId: string, status: UserStatus, suspendedUntil: string | null): Promise<void>;
  /** Sets or clears (null) the decision the user is to be told about (`UserRecord.noticeDecisionId`). */
  setNotice(userId: string, decisionId: string | null): Promise<void>;
  /** Sets or clears (null) how the user's profile is hidden; no-op without a profile. */
  setVisibility(userId: string, visibility: ProfileVisibility | null): Promise<void>;

  /** Every open report (not yet decided on), any order (the queue groups and sorts them). */
  listOpenReports(): Promise<ReportRecord[]>;
  /** Open reports about the user. */
  listOpenReportsAbout(userId: string): Promise<ReportRecord[]>;
  /** How many different users reported the user since `since` (auto-hide). */
  countReportersSince(userId: string, since: string): Promise<number>;
  /** Closes these open reports with the decision that settled them. */
  resolveReports(reports: readonly ReportRecord[], decisionId: string, at: string): Promise<void>;

  addDecision(decision: DecisionRecord): Promise<void>;
  getDecision(subjectId: string, decisionId: string): Promise<DecisionRecord | null>;
  /** Every decision about the user, oldest first (notices, export). */
  listDecisionsAbout(subjectId: string): Promise<DecisionRecord[]>;
  acknowledge(subjectId: string, decisionId: string, at: string): Promise<void>;
  /** Stores the decision's one appeal: `exists` (changing nothing) when it already has one. */
  addAppeal(
    subjectId: string,
    decisionId: string,
    appeal: AppealRecord,
  ): Promise<'added' | 'exists' | 'not_found'>;
  /** Closes an open appeal; false when there is none open. */
  resolveAppeal(
    subjectId: string,
    decisionId: string,
    outcome: 'upheld' | 'lifted',
    at: string,
  ): Promise<boolean>;
  /** Decisions whose appeal waits (the queue). */
  listOpenAppeals(): Promise<DecisionRecord[]>;

  /** Keeps the keyed hash of a banned address (kept after the account is erased). */
  banEmail(emailHash: string, at: string): Promise<void>;
  unbanEmail(emailHash: string): Promise<void>;
  isEmailBanned(emailHash: string): Promise<boolean>;

  retainPhoto(photo: RetainedPhotoRecord): Promise<void>;
  listRetainedPhotos(userId: string): Promise<RetainedPhotoRecord[]>;
}
