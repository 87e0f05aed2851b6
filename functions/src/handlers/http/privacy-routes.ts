import { ErrorEnvelope } from '../../contract/errors';
import { AccountExport, DeleteAccountRequest } from '../../contract/privacy';
import { deleteAccount, exportAccount } from '../../services/privacy/privacy-service';
import { defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

/** Privacy (docs/architecture.md, Security): export and erasure. In the `profile` function group. */
export const privacyRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/me/export',
    group: 'profile',
    summary: 'Every stored fact about the caller as JSON (account, profile, photos, swipes, matches, ...)',
    tags: ['me'],
    auth: true,
    responses: {
      200: { description: 'The export', schema: AccountExport },
      401: error('Not authenticated, or the account no longer exists'),
    },
    handle: async ({ deps, caller, request }) => json(200, await exportAccount(deps, caller.userId, request)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/me',
    group: 'profile',
    summary: 'Erase the caller’s account and everything of it; the other side of each match gets `unmatched`',
    tags: ['me'],
    auth: true,
    body: DeleteAccountRequest,
    responses: {
      204: { description: 'Erased' },
      400: error('No password given'),
      401: error('Wrong password (invalid_credentials), not authenticated, or already erased'),
      429: error('rate_limited: too many wrong passwords for this account (Retry-After)'),
    },
    handle: async ({ deps, caller, body, request }) => {
      await deleteAccount(deps, caller.userId, body.password, request);
      return noContent();
    },
  }),
];
