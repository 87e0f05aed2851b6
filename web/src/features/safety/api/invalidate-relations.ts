import type { QueryClient } from '@tanstack/react-query';

/**
 * After a block, unblock or report, whatever showed the pair to each other is out of date: the deck, the
 * matches, the person's profile, the block list. Other features' caches are named by key only.
 */
export function refreshAfterSafetyChange(queryClient: QueryClient, userId: string) {
  queryClient.removeQueries({ queryKey: ['profiles', userId] });
  void queryClient.invalidateQueries({ queryKey: ['matches'] });
  void queryClient.invalidateQueries({ queryKey: ['discover'] });
  void queryClient.invalidateQueries({ queryKey: ['blocks'] });
}
