import type { AccountTokenPurpose } from '../../domain/account-tokens';
import type { EmailDeliverability } from '../../domain/email-deliverability';
import { AppError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { mediaUrl, photoObjectKeys, renditionKey } from '../../domain/photos';
import type { ProfileRecord, UserRecord } from '../../domain/records';
import type { AuditEvent } from '../../ports/audit-log';
import type { MessageRecord } from '../../ports/chat';
import type {
  BlockCursor,
  BlockRecord,
  MatchListing,
  MatchRecord,
  ReportRecord,
  SwipeRecord,
} from '../../ports/matching';
import type { PhotoRecord } from '../../ports/photos';
import type { Actor } from '../actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import { checkAccountPassword } from '../auth/password-checks';
import type { Deps } from '../deps';
import { publishUnmatched } from '../matches/match-events';

/** What `AccountExport` (contract/privacy.ts) documents, typed from the records. */
export interface AccountExportData {
  exportedAt: string;
  account: Pick<UserRecord, 'id' | 'email' | 'createdAt' | 'status'> & {
    /** The last activity kept for discovery's ranking (login, refresh, discover), or null. */
    lastActiveAt: string | null;
    emailDeliverability: EmailDeliverability;
    emailVerifiedAt: string | null;
    pendingEmail: string | null;
  };
  profile: ProfileRecord | null;
  photos: (PhotoRecord & { urls?: { thumb: string; display: string } })[];
  swipes: SwipeRecord[];
  matches: {
    matchId: string;
    otherUserId: string;
    createdAt: string;
    lastActivityAt: string;
    endedAt: string | null;
  }[];
  conversations: { matchId: string; readUpTo: string | null; messages: MessageRecord[] }[];
  blocks: BlockRecord[];
  reports: ReportRecord[];
  sessions: {
    sessionId: string;
    createdAt: string;
    lastUsedAt: string;
    device: string | null;
    expiresAt: string;
    revokedAt: string | null;
  }[];
  pendingTokens: { purpose: AccountTokenPurpose; createdAt: string; expiresAt: string }[];
  auditEvents: AuditEvent[];
}

const PAGE = 100;
/** Conversations read at once by an export (each is a few paged Queries or SELECTs). */
const EXPORT_CONCURRENCY = 8;
/** Audit events read per store request while an export pages through the whole log. */
const AUDIT_PAGE = 500;

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

/** Every audit event of the user, newest first, however many. */
async function allAuditEvents(deps: Deps, userId: string): Promise<AuditEvent[]> {
  const all: AuditEvent[] = [];
  for (;;) {
    const page = await deps.store.audit.listByUser(userId, AUDIT_PAGE, all.at(-1)?.id);
    all.push(...page);
    if (page.length < AUDIT_PAGE) return all;
  }
}

async function conversationsOf(deps: Deps, userId: string, matches: readonly MatchRecord[]) {
  const conversations: AccountExportData['conversations'] = [];
  for (let start = 0; start < matches.length; start += EXPORT_CONCURRENCY) {
    const chunk = matches.slice(start, start + EXPORT_CONCURRENCY);
    conversations.push(
      ...(await Promise.all(
        chunk.map(async (match) => {
          const [marker, messages] = await Promise.all([
            deps.store.conversations.readMarker(match.id, userId),
            allMessages(deps, match.id),
          ]);
          return { matchId: match.id, readUpTo: marker?.upToMessageId ?? null, messages };
        }),
      )),
    );
  }
  return conversations;
}

/**
 * GET /api/me/export: every stored fact about the caller (docs/api.md): account, profile, photos, the decisions
 * they made, every match (active and ended) with its conversation and their read marker, blocks, reports
 * made, sessions, pending mailed links and audit events. Of other users only their ids appear (the other side of a match, whom the
 * caller blocked or reported, who sent a message in the caller's conversations): never their profile or
 * contact data. What others decided about the caller (swipes on them, blocks, reports) is the others' data.
 * `functions/test/contract/privacy-contract.ts` checks that every stored row naming the user is exported.
 */
export async function exportAccount(deps: Deps, userId: string, actor: Actor): Promise<AccountExportData> {
  const user = await deps.store.users.findById(userId);
  if (!user) throw accountGone();
  await recordAuditEvent(deps, 'export', userId, actor);
  const [profile, photos, swipes, matches, blocks, reports, sessions, auditEvents, lastActiveAt, tokens] =
    await Promise.all([
      deps.store.profiles.get(userId),
      deps.store.photos.listByUser(userId),
      deps.store.swipes.listBySwiper(userId),
      deps.store.matches.listAllByUser(userId),
      allBlocks(deps, userId),
      deps.store.reports.listByReporter(userId),
      deps.store.refreshTokens.listSessions(userId),
      allAuditEvents(deps, userId),
      deps.store.discovery.lastActiveAt(userId),
      deps.store.accountTokens.listPending(userId, deps.clock.now().toISOString()),
    ]);
  const conversations = await conversationsOf(deps, userId, matches);
  return {
    exportedAt: deps.clock.now().toISOString(),
    account: {
      id: user.id,
      email: user.email,
      createdAt: user.createdAt,
      status: user.status,
      lastActiveAt,
      emailDeliverability: user.emailDeliverability ?? 'ok',
      emailVerifiedAt: user.emailVerifiedAt ?? null,
      pendingEmail: user.pendingEmail ?? null,
    },
    profile,
    photos: photos.map((photo) => ({
      ...photo,
      ...(photo.status === 'ready'
        ? {
            urls: {
              thumb: mediaUrl(renditionKey(photo, 'thumb')),
              display: mediaUrl(renditionKey(photo, 'display')),
            },
          }
        : {}),
    })),
    swipes,
    matches: matches.map((match) => ({
      matchId: match.id,
      otherUserId: match.userLow === userId ? match.userHigh : match.userLow,
      createdAt: match.createdAt,
      lastActivityAt: match.lastActivityAt,
      endedAt: match.endedAt,
    })),
    conversations,
    blocks,
    reports,
    sessions: sessions.map((session) => ({
      sessionId: session.familyId,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      device: session.device ?? null,
      expiresAt: session.expiresAt,
      revokedAt: session.revokedAt,
    })),
    // What each mailed link is for and how long it works; the hash stays in the store.
    pendingTokens: tokens.map(({ purpose, createdAt, expiresAt }) => ({ purpose, createdAt, expiresAt })),
    auditEvents,
  };
}

/**
 * DELETE /api/me (docs/architecture.md, Privacy): checks the password (limited and audited like every
 * re-authentication: `checkAccountPassword`), ends every active match (the
 * other side gets `unmatched`), deletes photo objects, revokes every session, drops live connections, then
 * erases the account in the store (`UserRepository.eraseUser`): afterwards no stored record names the user.
 *
 * Reports are kept for moderation (docs/api.md) but pseudonymized with a tombstone: a fresh random id, made here and
 * kept nowhere with the user's id, so neither the database nor anyone holding its keys or secrets can tell
 * whose it was (a keyed hash of the id could be recomputed by whoever holds the key). It still groups the
 * erased account's reports and ties them to the one `account_deleted` audit event, which carries the tombstone
 * and no ip or user agent. A repeat (same, now dangling token) answers 401.
 */
export async function deleteAccount(
  deps: Deps,
  userId: string,
  password: string,
  actor: Actor,
): Promise<void> {
  const user = await deps.store.users.findById(userId);
  if (!user) throw accountGone();
  await checkAccountPassword(deps, user, password, actor, 'delete_account', 'Password is incorrect');
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
  await deps.blobs.delete(photos.flatMap(photoObjectKeys));

  const connections = await deps.store.connections.listByUsers([userId], now);
  await Promise.all(connections.map((connection) => deps.store.connections.remove(connection.id)));

  // Queued mail to the account (and the laptop's outbox files of it) goes too.
  await deps.mail.forgetUser(userId);

  const tombstone = newId(deps.clock.now());
  await deps.store.users.eraseUser(userId, tombstone);
  await deps.store.audit.append({
    id: newId(deps.clock.now()),
    type: 'account_deleted',
    userId: tombstone,
    ip: '',
    userAgent: '',
    at: now,
    details: {},
  });
  deps.log.info('account erased', { userId, matchesEnded: ended.length, photos: photos.length });
  await Promise.all(ended.map(({ matchId, otherUserId }) => publishUnmatched(deps, otherUserId, matchId)));
}
