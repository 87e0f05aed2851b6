import type { DeleteAccountRequest } from '@dating/functions/contract';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { session } from '../../../lib/session';

/** Erases the account for good (`DELETE /api/me`); the password confirms it. */
export const deleteAccount = (input: DeleteAccountRequest): Promise<void> =>
  api.request('DELETE', '/api/me', { body: input });

/** On success there is no session left to keep: it ends here too. */
export const useDeleteAccount = () =>
  useMutation({ mutationFn: deleteAccount, onSuccess: () => session.clear() });
