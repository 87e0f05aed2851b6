import { CurrentPassword, Email } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client';
import type { Me } from '../../../lib/current-user';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';

/** `PUT /api/me/email`: the new address, and the current password to confirm it is the owner asking. */
export const EmailChangeRequest = z.strictObject({ newEmail: Email, password: CurrentPassword });
export type EmailChangeInput = z.input<typeof EmailChangeRequest>;

export const EmailChangeResponse = z.object({ pendingEmail: z.string() });
export type EmailChangeResponse = z.infer<typeof EmailChangeResponse>;

/**
 * Asks to change my address (202). Nothing changes until the link mailed to the new address is opened; the
 * old address gets a notice. A wrong password is `401 invalid_credentials`, not a lost session.
 */
export const changeEmail = (input: EmailChangeInput): Promise<EmailChangeResponse> =>
  api.request('PUT', '/api/me/email', { body: input, schema: EmailChangeResponse });

/** The pending address shows at once (`me.pendingEmail`), then `me` is loaded again. */
export const useChangeEmail = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof changeEmail>;
} = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationConfig,
    mutationFn: changeEmail,
    onSuccess: (...args) => {
      const { pendingEmail } = args[0];
      queryClient.setQueryData<Me>(queryKeys.me, (me) => (me ? { ...me, pendingEmail } : me));
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
      return mutationConfig?.onSuccess?.(...args);
    },
  });
};
