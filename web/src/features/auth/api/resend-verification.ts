import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';

/** Mails a new verification link to my address (202); `409 already_verified` when it is confirmed already. */
export const resendVerification = (): Promise<void> => api.request('POST', '/api/me/email-verification');

export const useResendVerification = ({
  mutationConfig,
}: {
  mutationConfig?: MutationConfig<typeof resendVerification>;
} = {}) => useMutation({ ...mutationConfig, mutationFn: resendVerification });
