import { QueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { ApiError } from './api-error';

/** Retrying cannot fix a request the server refused (4xx); network trouble and 5xx get two more tries. */
const shouldRetry = (failureCount: number, error: unknown) =>
  failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/** Extra options a caller may pass to a feature's mutation hook. */
export type MutationConfig<Fetcher extends (...args: never[]) => Promise<unknown>> = Omit<
  UseMutationOptions<Awaited<ReturnType<Fetcher>>, Error, Parameters<Fetcher>[0]>,
  'mutationFn'
>;
