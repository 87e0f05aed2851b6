import { PARTITION_KEY, SORT_KEY } from './table';

/** Every key format of the table lives here; README.md lists the same keys. */
export interface ItemKey {
  [PARTITION_KEY]: string;
  [SORT_KEY]: string;
}

const key = (partition: string, sort: string): ItemKey => ({ [PARTITION_KEY]: partition, [SORT_KEY]: sort });

export const userPartition = (userId: string) => `USER#${userId}`;

export const userKey = (userId: string) => key(userPartition(userId), 'USER');

/**
 * Erasure's inverse index (README "Erasure"): an item outside a user's partition that names the user (a pair,
 * a refresh token, a ticket, a report about them) carries `REF#<userId>` as a GSI partition key (GSI1, or GSI2
 * where GSI1 is taken), so erasing the user finds it with a Query, never a Scan.
 */
export const referencesPartition = (userId: string) => `REF#${userId}`;

/** Sort keys of the inverse index: what kind of item refers to the user, and which one. */
export const REFERENCE_PREFIXES = {
  pair: 'PAIR#',
  refreshToken: 'RT#',
  ticket: 'TICKET#',
  report: 'REPORT#',
  pushEndpoint: 'PUSHEP#',
  accountToken: 'ACCTOKEN#',
} as const;

/** `email` is already normalized by the service, so one claim exists per address. */
export const emailClaimKey = (email: string) => key(`EMAIL#${email}`, 'EMAIL');

export const profileKey = (userId: string) => key(userPartition(userId), 'PROFILE');

/** All of a user's photos in one item: the limit is one condition, many users' photos one BatchGet. */
export const photosKey = (userId: string) => key(userPartition(userId), 'PHOTOS');

export const refreshTokenKey = (tokenHash: string) => key(`RT#${tokenHash}`, 'RT');

export const REFRESH_FAMILY_PREFIX = 'RTFAM#';

/** A single-use account token (mailed link), by its hash; TTL at its expiry. */
export const accountTokenKey = (tokenHash: string) => key(`ACCTOKEN#${tokenHash}`, 'ACCTOKEN');

/** Families sit in the user's partition so one Query finds all of a user's sessions. */
export const refreshFamilyKey = (userId: string, familyId: string) =>
  key(userPartition(userId), `${REFRESH_FAMILY_PREFIX}${familyId}`);

/** A key no item uses: reading it is the cheapest round trip for `ping`. */
export const pingKey = () => key('PING', 'PING');

/** One counter item per key and fixed window; TTL removes it after the window. */
export const rateCounterKey = (limitKey: string, windowStart: number) =>
  key(`RL#${limitKey}#${windowStart}`, 'RL');

export const AUDIT_PREFIX = 'AUDIT#';

/** Audit events of a user sit in their partition (newest last by ULID); events without a user by day. */
export const auditEventKey = (userId: string | null, eventId: string, day: string) =>
  userId
    ? key(userPartition(userId), `${AUDIT_PREFIX}${eventId}`)
    : key(`AUDIT#${day}`, `${AUDIT_PREFIX}${eventId}`);

/** Discovery (README "Discovery"): profiles indexed by gender and geohash cell, sorted by birth date. */
export const discoveryCellPartition = (prefix: 'DISC' | 'DISC3', gender: string, cell: string) =>
  `${prefix}#${gender}#${cell}`;

export const discoverySortKey = (birthDate: string, userId: string) => `${birthDate}#${userId}`;

/** Where a user's discovery left off in each cell it reads (a hint: losing it only costs a re-read). */
export const discoveryCursorKey = (userId: string) => key(userPartition(userId), 'DISCOVERY');

export const SWIPE_PREFIX = 'SWIPE#';

/** "Likes you" (README "Likes you"): GSI1 of a like's swipe item, the liked user's likes newest first. */
export const likesReceivedPartition = (targetId: string) => `LIKED#${targetId}`;
/** Undo: GSI2 of every swipe item written since undo exists, the swiper's decisions newest first. */
export const swipesBySwiperPartition = (swiperId: string) => `SWIPES#${swiperId}`;

export const likeSortKey = (likedAt: string, likerId: string) => `${likedAt}#${likerId}`;

export const swipeKey = (swiperId: string, targetId: string) =>
  key(userPartition(swiperId), `${SWIPE_PREFIX}${targetId}`);

/** Both users' decisions, blocks and match id of a pair: the one item their races meet on. */
export const pairKey = (low: string, high: string) => key(`PAIR#${low}#${high}`, 'PAIR');

/** One item per side of a match, in that user's partition; GSI2 lists them by last activity. */
export const matchSideKey = (userId: string, otherUserId: string) =>
  key(userPartition(userId), `MATCH#${otherUserId}`);

export const matchesByActivityPartition = (userId: string) => `MATCHES#${userId}`;

/** The match itself, found by its id (unmatch, later the conversation). */
export const matchKey = (matchId: string) => key(`MATCH#${matchId}`, 'MATCH');

export const blockKey = (blockerId: string, blockedId: string) =>
  key(userPartition(blockerId), `BLOCK#${blockedId}`);

export const blocksByTimePartition = (blockerId: string) => `BLOCKS#${blockerId}`;

export const REPORT_PREFIX = 'REPORT#';

/** Reports sit in the reporter's partition (export); GSI1 `MODERATION#REPORTS` lists all, newest last. */
export const reportKey = (reporterId: string, createdAt: string, reportId: string) =>
  key(userPartition(reporterId), `${REPORT_PREFIX}${createdAt}#${reportId}`);

export const MODERATION_REPORTS_PARTITION = 'MODERATION#REPORTS';

/** A conversation's partition (conversationId = matchId): its messages, client-id claims and read markers. */
export const conversationPartition = (conversationId: string) => `CONV#${conversationId}`;

export const MESSAGE_PREFIX = 'MSG#';

/** Messages sort by ULID, i.e. by time: pages both ways are one Query. */
export const messageKey = (conversationId: string, messageId: string) =>
  key(conversationPartition(conversationId), `${MESSAGE_PREFIX}${messageId}`);

/** One per (conversation, sender, clientMessageId), written with the message: retries find it taken. */
export const clientMessageClaimKey = (conversationId: string, senderId: string, clientMessageId: string) =>
  key(conversationPartition(conversationId), `CMID#${senderId}#${clientMessageId}`);

export const readMarkerKey = (conversationId: string, userId: string) =>
  key(conversationPartition(conversationId), `READ#${userId}`);

/** A one-time WebSocket ticket, by its hash; TTL 60 s. */
export const realtimeTicketKey = (ticketHash: string) => key(`TICKET#${ticketHash}`, 'TICKET');

export const CONNECTION_PREFIX = 'CONN#';

/** A WebSocket connection by id (the gateway's lookups); TTL 2 h. */
export const connectionKey = (connectionId: string) => key(`${CONNECTION_PREFIX}${connectionId}`, 'CONN');

/** The same connection in its user's partition (fan-out: one Query per recipient); TTL 2 h. */
export const userConnectionKey = (userId: string, connectionId: string) =>
  key(userPartition(userId), `${CONNECTION_PREFIX}${connectionId}`);

export const PUSH_SUBSCRIPTION_PREFIX = 'PUSH#';

/** A user's push subscriptions sit in their partition: one consistent Query lists them. */
export const pushSubscriptionKey = (userId: string, id: string) =>
  key(userPartition(userId), `${PUSH_SUBSCRIPTION_PREFIX}${id}`);

/** Which user (and subscription) holds a push endpoint (by its SHA-256): an endpoint is one user's at a time. */
export const pushEndpointKey = (endpointHash: string) => key(`PUSHEP#${endpointHash}`, 'PUSHEP');

export const notificationPreferencesKey = (userId: string) => key(userPartition(userId), 'NOTIFY');
/** A moderation decision about a user sits in the subject's partition (erased with the account). */
export const DECISION_PREFIX = 'DECISION#';
export const decisionKey = (subjectId: string, decisionId: string) =>
  key(userPartition(subjectId), `${DECISION_PREFIX}${decisionId}`);

/** GSI1 of decisions whose appeal waits: the queue's appeals, oldest first. */
export const MODERATION_APPEALS_PARTITION = 'MODERATION#APPEALS';

/** A photo copy kept for moderators, in its owner's partition (erased with the account). */
export const RETAINED_PHOTO_PREFIX = 'MODPHOTO#';
export const retainedPhotoKey = (userId: string, photoId: string) =>
  key(userPartition(userId), `${RETAINED_PHOTO_PREFIX}${photoId}`);

/** The keyed hash of a banned address: outside any user's partition, so it outlives erasure. */
export const bannedEmailKey = (emailHash: string) => key(`BANNED#${emailHash}`, 'BANNED');
