/** Every route of the SPA, so features link to each other's pages without importing each other. */
export const paths = {
  home: '/',
  login: '/login',
  register: '/register',
  onboarding: '/onboarding',
  profile: '/profile',
  discover: '/discover',
  matches: '/matches',
  photos: '/photos',
  settings: '/settings',
} as const;
