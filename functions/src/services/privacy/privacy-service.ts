import { AppError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { mediaUrl, photoObjectKeys, renditionKey } from '../../domain/photos';
import type { ProfileRecord, UserRecord } from '../../domain/records';
import type { AuditEvent } from '../../ports/audit-log';
import type { MessageRecord } from '../../ports/chat';
import type { BlockCursor, BlockRecord, MatchListing, ReportRecord, SwipeRecord } from '../../ports/matching';
import type { PhotoRecord } from '../../ports/photos';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import { verifyPassword } from '../auth/password-hashing';
import type { Deps } from '../deps';
import { publishUnmatched } from '../matches/match-events';

/** What `AccountExport` (contract/privacy.ts) documents, typed from the records. */
export interface AccountExportData {
  exportedAt: string;
  account: Pick<UserRecord, 'id' | 'email' | 'createdAt' | 'status'>;
  profile: ProfileRecord | null;
  photos: (PhotoRecord & { urls?: { thumb: string; display: string } })[];
  swipes: SwipeRecord[];
  matches: { matchId: string; otherUserId: string; createdAt: string; lastActivityAt: string }[];
  conversations: { matchId: string; messages: MessageRecord[] }[];
  blocks: BlockRecord[];
  reports: ReportRecord[];
  auditEvents: AuditEvent[];
}

const PAGE = 100;
/** Audit events listed in an export (newest first); far above what one account produces. */
const EXPORT_AUDIT_LIMIT = 1_000;

const accountGone = () => new AppError('unauthorized', 'Account no longer exists');

async function allActiveMatches(deps: Deps, userId: string): Promise<MatchListing[]> {
  const all: MatchListing[] = [];
  for (;;) {
    const last = all.at(-1);
    const page = await deps.store.matches.listActive(userId, {
      limit: PAGE,
      ...(last ? { after: { lastActivityAt: last.match.lastActivityAt, matchId: last.match.id } } : {}),
    });
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

async function allMessages(deps: Deps, conversationId: string): Promise<MessageRecord[]> {
  const all: MessageRecord[] = [];
  for (;;) {
    const before = all.at(-1)?.id;
    const page = await deps.store.conversations.list(conversationId, {
      limit: PAGE,
      ...(before ? { before } : {}),
    });
    all.push(...page);
    if (page.length < PAGE) return all.reverse();
  }
}

async function allBlocks(deps: Deps, userId: string): Promise<BlockRecord[]> {
  const all: BlockRecord[] = [];
  for (;;) {
    const last = all.at(-1);
    const after: BlockCursor | undefined = last
      ? { createdAt: last.createdAt, userId: last.blockedId }
      : undefined;
    const page = await deps.store.blocks.list(userId, { limit: PAGE, ...(after ? { after } : {}) });
    all.push(...page.map((listing) => listing.block));
    if (page.length < PAGE) return all;
  }
}

/**
 * GET /api/me/export: every stored fact about the caller (API.md). Of other users only their ids appear
 * (the other side of a match, whom the caller blocked or reported, who sent a message in the caller's
 * conversations): never their profile or contact data.
 */
export async function exportAccount(deps: Deps, userId: string, actor: Actor): Promise<AccountExportData> {
  const user = await deps.store.users.findById(userId);
  if (!user) throw accountGone();
  const [profile, photos, swipes, matches, blocks, reports] = await Promise.all([
    deps.store.profiles.get(userId),
    deps.store.photos.listByUser(userId),
    deps.store.swipes.listBySwiper(userId),
    allActiveMatches(deps, userId),
    allBlocks(deps, userId),
    deps.store.reports.listByReporter(userId),
  ]);
  const conversations = await Promise.all(
    matches.map(async ({ match }) => ({ matchId: match.id, messages: await allMessages(deps, match.id) })),
  );
  await recordAuditEvent(deps, 'export', userId, actor);
  const auditEvents = await deps.store.audit.listByUser(userId, EXPORT_AUDIT_LIMIT);
  return {
    exportedAt: deps.clock.now().toISOString(),
    account: { id: user.id, email: user.email, createdAt: user.createdAt, status: user.status },
    profile,
    photos: photos.map((photo) => ({
      ...photo,
      ...(photo.status === 'ready'
        ? {
            urls: {
              thumb: mediaUrl(renditionKey(photo.userId, photo.id, 'thumb')),
              display: mediaUrl(renditionKey(photo.userId, photo.id, 'display')),
            },
          }
        : {}),
    })),
    swipes,
    matches: matches.map(({ match }) => ({
      matchId: match.id,
      otherUserId: match.userLow === userId ? match.userHigh : match.userLow,
      createdAt: match.createdAt,
      lastActivityAt: match.lastActivityAt,
    })),
    conversations,
    blocks,
    reports,
    auditEvents,
  };
}

/**
 * DELETE /api/me (DESIGN.md "Security model", Privacy): checks the password, ends every active match (the
 * other side gets `unmatched`), deletes photo objects, revokes every session, drops live connections, then
 * erases the account in the store (`UserRepository.eraseUser`). What remains is one `account_deleted` audit
 * event carrying the user id and nothing else. A repeat (same, now dangling token) answers 401.
 */
export async function deleteAccount(deps: Deps, userId: string, password: string): Promise<void> {
  const user = await deps.store.users.findById(userId);
  if (!user) throw accountGone();
  if (!(await verifyPassword(password, user.passwordHash))) {
    throw new AppError('invalid_credentials', 'Password is incorrect');
  }
  const now = deps.clock.now().toISOString();
  await deps.store.refreshTokens.revokeAllForUser(userId, now);

  const ended: { matchId: string; otherUserId: string }[] = [];
  for (const { match } of await allActiveMatches(deps, userId)) {
    if (await deps.store.matches.end(match.id, now)) {
      ended.push({
        matchId: match.id,
        otherUserId: match.userLow === userId ? match.userHigh : match.userLow,
      });
    }
  }

  const photos = await deps.store.photos.listByUser(userId);
  await deps.blobs.delete(photos.flatMap((photo) => photoObjectKeys(userId, photo.id)));

  const connections = await deps.store.connections.listByUsers([userId], now);
  await Promise.all(connections.map((connection) => deps.store.connections.remove(connection.id)));

  await deps.store.users.eraseUser(userId);
  await deps.store.audit.append({
    id: newId(deps.clock.now()),
    type: 'account_deleted',
    userId,
    ip: '',
    userAgent: '',
    at: now,
    details: {},
  });
  deps.log.info('account erased', { userId, matchesEnded: ended.length, photos: photos.length });
  await Promise.all(ended.map(({ matchId, otherUserId }) => publishUnmatched(deps, otherUserId, matchId)));
}
