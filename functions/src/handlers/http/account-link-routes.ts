import {
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  VerifyEmailRequest,
  VerifyEmailResponse,
} from '../../contract/account-email';
import { ErrorEnvelope } from '../../contract/errors';
import { verifyEmail } from '../../services/account/email-verification';
import { confirmPasswordReset, requestPasswordReset } from '../../services/account/password-reset';
import { accepted, defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });
const invalidToken = error('invalid_token: unknown, expired or already used link');

/**
 * The routes a mailed link opens, served by the `auth` function (it checks the password policy already, and
 * closes the WebSocket connections of the sessions a password reset ends): confirming an address, asking for a
 * reset link, setting the new password.
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
  defineRoute({
    method: 'POST',
    path: '/api/auth/password-reset/confirm',
    group: 'auth',
    summary:
      'Set a new password with a reset link’s token: every session is logged out and its WebSockets closed',
    tags: ['auth'],
    auth: false,
    body: PasswordResetConfirmRequest,
    responses: {
      204: { description: 'Password set; log in with it' },
      400: error(
        'invalid_token, or validation_failed: a password that is too short, too common or equal to the email',
      ),
    },
    handle: async ({ deps, body, request }) => {
      await confirmPasswordReset(deps, body, request);
      return noContent();
    },
  }),
];
