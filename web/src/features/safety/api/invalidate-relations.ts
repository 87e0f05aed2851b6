import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/query-keys';

/**
 * After a block, unblock or report, whatever showed the pair to each other is out of date: the deck, the
 * matches, the person's profile, the block list. Other features' caches are reached through the shared key factory.
 */
export function refreshAfterSafetyChange(queryClient: QueryClient, userId: string) {
  queryClient.removeQueries({ queryKey: queryKeys.publicProfile(userId) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.matches.all });
  void queryClient.invalidateQueries({ queryKey: queryKeys.discover });
  void queryClient.invalidateQueries({ queryKey: queryKeys.blocks });
}
