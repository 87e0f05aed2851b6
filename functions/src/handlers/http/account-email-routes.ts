import {
  EmailChangeRequest,
  EmailChangeResponse,
  PasswordResetConfirmRequest,
} from '../../contract/account-email';
import { ErrorEnvelope } from '../../contract/errors';
import { requestEmailChange } from '../../services/account/email-change';
import { resendVerificationMail } from '../../services/account/email-verification';
import { confirmPasswordReset } from '../../services/account/password-reset';
import { accepted, defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

/**
 * Routes that close WebSocket connections or act on the signed-in account: served by the `profile` function
 * (it bundles the API Gateway client that closes sockets; the `auth` bundle stays small).
 */
export const accountEmailRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/auth/password-reset/confirm',
    group: 'profile',
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
  defineRoute({
    method: 'POST',
    path: '/api/me/email-verification',
    group: 'profile',
    summary: 'Mail a new verification link to the caller’s address (older links stop working)',
    tags: ['me'],
    auth: true,
    responses: {
      202: { description: 'Queued' },
      409: error('already_verified'),
      429: error('rate_limited (Retry-After): 5 per hour'),
    },
    handle: async ({ deps, caller, request }) => {
      await resendVerificationMail(deps, caller.account, request);
      return accepted();
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/me/email',
    group: 'profile',
    summary:
      'Change the address: a confirmation link goes to the new one, a notice to the current one; applied once confirmed',
    tags: ['me'],
    auth: true,
    body: EmailChangeRequest,
    responses: {
      202: { description: 'Confirmation mailed; the address awaiting it', schema: EmailChangeResponse },
      400: error('An invalid address, or the current one'),
      401: error('Password is wrong (invalid_credentials) or not authenticated'),
      429: error('rate_limited (Retry-After): too many wrong passwords, or 5 changes per hour'),
    },
    handle: async ({ deps, caller, body, request }) =>
      json(202, await requestEmailChange(deps, caller.account, body, request)),
  }),
];
