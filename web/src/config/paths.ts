/** Every route of the SPA, so features link to each other's pages without importing each other. */
export const paths = {
  home: '/',
  login: '/login',
  register: '/register',
  forgotPassword: '/forgot-password',
  /** Opened from the reset mail: `/reset-password?token=...`. */
  resetPassword: '/reset-password',
  /** Opened from a verification or email-change mail: `/verify-email?token=...`. */
  verifyEmail: '/verify-email',
  onboarding: '/onboarding',
  profile: '/profile',
  discover: '/discover',
  likes: '/likes',
  matches: '/matches',
  /** Route pattern of one match's profile; build links with `matchPath`. */
  match: '/matches/:matchId',
  /** Route pattern of the conversation with one match; build links with `chatPath`. */
  chat: '/matches/:matchId/chat',
  photos: '/photos',
  settings: '/settings',
  /** Moderators and admins only; its code is a chunk of its own that members never load. */
  moderation: '/moderation',
} as const;

/** The profile page of one match (unmatch, block and report live there). */
export const matchPath = (matchId: string) => `${paths.matches}/${encodeURIComponent(matchId)}`;

/** The conversation with one match (conversationId = matchId). */
export const chatPath = (matchId: string) => `${matchPath(matchId)}/chat`;
