import { type EmailChangeRequest, EmailChangeResponse, type Me } from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type * as z from 'zod/mini';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';

export type EmailChangeInput = z.input<typeof EmailChangeRequest>;

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
