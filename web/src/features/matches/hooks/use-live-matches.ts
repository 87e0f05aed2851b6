import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { type RealtimeClient, realtime } from '../../../lib/realtime';
import { syncMatchesWithEvent } from '../lib/live-matches';

/**
 * Keeps the cached matches list in step with the WebSocket (new match, new message, read, unmatched) for as
 * long as `enabled`: mounted once for the signed-in app, so the list is current on whichever page it is
 * shown, and the one connection stays open across pages.
 */
export function useLiveMatches(enabled: boolean, client: RealtimeClient = realtime) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    return client.subscribe((event) => syncMatchesWithEvent(queryClient, event));
  }, [enabled, client, queryClient]);
}
