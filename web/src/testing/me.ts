import type { Me } from '@dating/functions/contract';

/** `GET /api/me` of a signed-in account with a profile and a confirmed address; override what a test is about. */
export const aMe = (overrides: Partial<Me> = {}): Me => ({
  id: '01HZX3K5B7Q9W2E4R6T8Y0M1AA',
  email: 'ada@example.org',
  createdAt: '2026-01-02T03:04:05.000Z',
  profileComplete: true,
  displayName: 'Ada',
  emailDeliverability: 'ok',
  role: 'member',
  notice: null,
  emailVerified: true,
  pendingEmail: null,
  emailVerificationRequired: false,
  ...overrides,
});
