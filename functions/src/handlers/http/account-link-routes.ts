import { PasswordResetRequest, VerifyEmailRequest, VerifyEmailResponse } from '../../contract/account-email';
import { ErrorEnvelope } from '../../contract/errors';
import { verifyEmail } from '../../services/account/email-verification';
import { requestPasswordReset } from '../../services/account/password-reset';
import { accepted, defineRoute, json } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });
const invalidToken = error('invalid_token: unknown, expired or already used link');

/**
 * The routes a mailed link opens, served by the `auth` function (no sockets to close, no bucket): confirming an
 * address and asking for a reset link.
 */
export const accountLinkRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/auth/verify-email',
    group: 'auth',
    summary:
      'Follow a mailed link: confirms the registration’s address or applies an email change (the token knows which)',
    tags: ['auth'],
    auth: false,
    body: VerifyEmailRequest,
    responses: {
      200: { description: 'The account’s address, now verified', schema: VerifyEmailResponse },
      400: invalidToken,
      409: error('email_taken: the new address of an email change was taken by another account meanwhile'),
    },
    handle: async ({ deps, body, request }) => json(200, await verifyEmail(deps, body.token, request)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/password-reset',
    group: 'auth',
    summary:
      'Mail a password reset link (30 min, single use) if an account has the address; the same answer in the same time either way',
    tags: ['auth'],
    auth: false,
    body: PasswordResetRequest,
    responses: {
      202: { description: 'Accepted (whether or not an account has the address)' },
      429: error('rate_limited (Retry-After): too many requests for this address or from this network'),
    },
    handle: async ({ deps, body, request }) => {
      await requestPasswordReset(deps, body.email, request);
      return accepted();
    },
  }),
];
