import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { setAttentionCount } from '../../../lib/attention-count';
import { useMe } from '../../../lib/current-user';
import { matchAnnouncements } from '../../../lib/match-announcements';
import { playNotificationSound } from '../../../lib/notification-sound';
import { queryKeys } from '../../../lib/query-keys';
import { type RealtimeClient, realtime } from '../../../lib/realtime';
import { getMatchesQueryOptions } from '../api/get-matches';
import type { MatchesData } from '../lib/live-matches';
import { countMatches, type MessageToast, toastForMessage } from '../lib/match-alerts';

const TOAST_MS = 6000;

/**
 * The signed-in app's live alerts, on every page while `enabled`: a `match` event opens "It's a match" (for the
 * one who liked first too), a message from a match shows a toast unless its chat is open, both chime when the
 * sound is on. The counts come from the matches list (loaded here, kept current by `useLiveMatches`) and set the
 * title's count.
 */
export function useMatchAlerts(enabled: boolean, client: RealtimeClient = realtime) {
  const queryClient = useQueryClient();
  const me = useMe();
  const location = useLocation();
  const matches = useInfiniteQuery({ ...getMatchesQueryOptions(), enabled });
  const [toast, setToast] = useState<MessageToast | null>(null);
  const context = useRef({ myUserId: me.data?.id, path: location.pathname });
  context.current = { myUserId: me.data?.id, path: location.pathname };

  useEffect(() => {
    if (!enabled) return;
    return client.subscribe((event) => {
      if (event.type === 'match') {
        matchAnnouncements.announce(event.match);
        playNotificationSound();
      } else if (event.type === 'message') {
        const data = queryClient.getQueryData<MatchesData>(queryKeys.matches.list);
        const next = toastForMessage(data, event.message, context.current.myUserId, context.current.path);
        if (!next) return;
        setToast(next);
        playNotificationSound();
      }
    });
  }, [enabled, client, queryClient]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  // Opening the chat the toast is about answers it.
  useEffect(() => {
    if (toast && location.pathname === toast.chatPath) setToast(null);
  }, [toast, location.pathname]);

  const counts = countMatches(enabled ? matches.data : undefined);
  const waiting = counts.unreadConversations + counts.newMatches;
  useEffect(() => {
    setAttentionCount(waiting);
    return () => setAttentionCount(0);
  }, [waiting]);

  return { counts, toast, dismissToast: () => setToast(null) };
}
