import type { ModerationQueue, QueueItem } from '../../contract/moderation';
import { ageOn } from '../../domain/age';
import { AppError } from '../../domain/errors';
import { APPEAL_SEVERITY, reasonSeverity, standingOf } from '../../domain/moderation';
import type { ReportRecord } from '../../ports/matching';
import type { DecisionRecord } from '../../ports/moderation';
import type { Deps } from '../deps';
import { DEFAULT_PAGE_LIMIT } from '../matches/page-cursor';
import { publicPhotos } from '../photos/photo-views';

/** What the queue sorts before it reads anybody's profile. */
interface QueueEntry {
  kind: QueueItem['kind'];
  subjectId: string;
  severity: number;
  reporterCount: number;
  openedAt: string;
  reports: ReportRecord[];
  appeal: DecisionRecord | null;
}

/** Most severe first, then most distinct reporters, then longest waiting. */
const queueOrder = (a: QueueEntry, b: QueueEntry): number =>
  b.severity - a.severity ||
  b.reporterCount - a.reporterCount ||
  (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.subjectId < b.subjectId ? -1 : 1);

function entriesOf(reports: readonly ReportRecord[], appeals: readonly DecisionRecord[]): QueueEntry[] {
  const bySubject = new Map<string, ReportRecord[]>();
  for (const report of reports) {
    const list = bySubject.get(report.reportedUserId) ?? [];
    list.push(report);
    bySubject.set(report.reportedUserId, list);
  }
  const entries: QueueEntry[] = [...bySubject].map(([subjectId, list]) => {
    const sorted = [...list].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    return {
      kind: 'reports',
      subjectId,
      severity: Math.max(...sorted.map((report) => reasonSeverity[report.reason])),
      reporterCount: new Set(sorted.map((report) => report.reporterId)).size,
      openedAt: sorted[0]?.createdAt ?? '',
      reports: sorted,
      appeal: null,
    };
  });
  for (const decision of appeals) {
    entries.push({
      kind: 'appeal',
      subjectId: decision.subjectId,
      severity: APPEAL_SEVERITY,
      reporterCount: 0,
      openedAt: decision.appeal?.createdAt ?? decision.createdAt,
      reports: [],
      appeal: decision,
    });
  }
  return entries.sort(queueOrder);
}

async function toQueueItem(deps: Deps, entry: QueueEntry, now: Date): Promise<QueueItem> {
  const [user, profile, photos, retained] = await Promise.all([
    deps.store.users.findById(entry.subjectId),
    deps.store.profiles.get(entry.subjectId),
    deps.store.photos.listReadyByUsers([entry.subjectId]),
    deps.store.moderation.listRetainedPhotos(entry.subjectId),
  ]);
  const deletedPhotos = [];
  for (const kept of retained) {
    const blob = await deps.blobs.get(kept.blobKey);
    if (!blob) continue;
    deletedPhotos.push({
      photoId: kept.photoId,
      deletedAt: kept.deletedAt,
      dataUrl: `data:image/webp;base64,${Buffer.from(blob.body).toString('base64')}`,
    });
  }
  const standing = user ? standingOf(user, now) : { status: 'active' as const };
  const appeal = entry.appeal;
  return {
    kind: entry.kind,
    subject: {
      userId: entry.subjectId,
      status: standing.status,
      suspendedUntil: standing.status === 'suspended' ? standing.until : null,
      hiddenForReview: profile?.visibility === 'review',
      profile: profile
        ? {
            displayName: profile.displayName,
            age: ageOn(profile.birthDate, now),
            gender: profile.gender,
            bio: profile.bio,
            interests: profile.interests,
            prompts: profile.prompts,
          }
        : null,
      photos: publicPhotos(photos.get(entry.subjectId) ?? []),
      deletedPhotos,
    },
    severity: entry.severity,
    reporterCount: entry.reporterCount,
    openedAt: entry.openedAt,
    reports: entry.reports.map((report) => ({
      reportId: report.id,
      reason: report.reason,
      details: report.details,
      createdAt: report.createdAt,
      messages: report.messages ?? [],
    })),
    appeal: appeal?.appeal
      ? {
          decisionId: appeal.id,
          action: appeal.action,
          note: appeal.note,
          decidedAt: appeal.createdAt,
          until: appeal.until,
          text: appeal.appeal.text,
          appealedAt: appeal.appeal.createdAt,
        }
      : null,
  };
}

/**
 * `GET /api/moderation/queue`: open reports grouped per reported person, and open appeals, in queue order.
 * The cursor is the position of the next item: the queue changes as moderators work, so a page may repeat or
 * skip an item that moved; the console reloads from the start after each decision.
 */
export async function listModerationQueue(
  deps: Deps,
  query: { limit?: number; cursor?: string },
): Promise<ModerationQueue> {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  const offset = query.cursor === undefined ? 0 : Number(query.cursor);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new AppError('validation_failed', 'Invalid cursor');
  const [reports, appeals] = await Promise.all([
    deps.store.moderation.listOpenReports(),
    deps.store.moderation.listOpenAppeals(),
  ]);
  const entries = entriesOf(reports, appeals);
  const now = deps.clock.now();
  const slice = entries.slice(offset, offset + limit);
  const items = await Promise.all(slice.map((entry) => toQueueItem(deps, entry, now)));
  return { items, nextCursor: offset + limit < entries.length ? String(offset + limit) : null };
}
