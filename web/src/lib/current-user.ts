import { Me as MeContract } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from './api-client';
import { queryKeys } from './query-keys';

/** `GET /api/me` with the email fields (until the contract has them, a server without them reads as "verified"). */
export const Me = z.extend(MeContract, {
  emailVerified: z._default(z.boolean(), true),
  pendingEmail: z._default(z.nullable(z.string()), null),
  emailVerificationRequired: z._default(z.boolean(), false),
});
export type Me = z.infer<typeof Me>;

/** The signed-in account. Shared (not a feature): routing decides on `profileComplete`, features update it. */
export const getMe = (signal?: AbortSignal): Promise<Me> =>
  api.request('GET', '/api/me', { schema: Me, signal });

export const getMeQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: ({ signal }) => getMe(signal) });

export const useMe = () => useQuery(getMeQueryOptions());
