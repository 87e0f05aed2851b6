/**
 * Every TanStack Query key the SPA uses, in one place: features read, write and invalidate the same cache
 * entries through these, so a key cannot drift between the query that fills it and the mutation that
 * updates it. Keys are hierarchical: invalidating `matches.all` also covers the list and each match.
 */
export const queryKeys = {
  me: ['me'] as const,
  ownProfile: ['profile', 'own'] as const,
  publicProfile: (userId: string) => ['profiles', userId] as const,
  discover: ['discover'] as const,
  likes: ['likes'] as const,
  matches: {
    all: ['matches'] as const,
    list: ['matches', 'list'] as const,
    one: (matchId: string) => ['matches', 'one', matchId] as const,
  },
  messages: (conversationId: string) => ['messages', conversationId] as const,
  blocks: ['blocks'] as const,
  photos: ['photos'] as const,
  sessions: ['sessions'] as const,
  notifications: ['notifications'] as const,
  moderationQueue: ['moderation', 'queue'] as const,
  reportableMessages: (conversationId: string) => ['messages', conversationId, 'reportable'] as const,
};

/** Mutation keys, for counting mutations in flight (`useIsMutating`). */
export const mutationKeys = {
  swipe: ['swipe'] as const,
};
