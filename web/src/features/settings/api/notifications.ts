import {
  NotificationPreferences,
  NotificationSettings,
  PushSubscriptionView,
} from '@dating/functions/contract';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** My notification preferences, push-subscribed browsers and the server's VAPID key. */
export const getNotificationSettings = (signal?: AbortSignal): Promise<NotificationSettings> =>
  api.request('GET', '/api/me/notifications', { schema: NotificationSettings, signal });

export const getNotificationSettingsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.notifications,
    queryFn: ({ signal }) => getNotificationSettings(signal),
  });

export const useNotificationSettings = () => useQuery(getNotificationSettingsQueryOptions());

export const putNotificationPreferences = (preferences: NotificationPreferences) =>
  api.request('PUT', '/api/me/notifications/preferences', {
    body: preferences,
    schema: NotificationPreferences,
  });

export const useUpdateNotificationPreferences = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putNotificationPreferences,
    onSuccess: (preferences) => {
      queryClient.setQueryData<NotificationSettings>(queryKeys.notifications, (data) =>
        data ? { ...data, preferences } : data,
      );
    },
  });
};

/** Which subscription this browser made (to unsubscribe it later); per device, like the permission itself. */
const SUBSCRIPTION_KEY = 'heartwood.pushSubscriptionId';

export const thisDevicePushSubscriptionId = (): string | null => {
  try {
    return localStorage.getItem(SUBSCRIPTION_KEY);
  } catch {
    return null;
  }
};

const base64UrlToBytes = (value: string): Uint8Array<ArrayBuffer> => {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
};

export class PushNotAllowed extends Error {}

/**
 * Asks the browser for permission, subscribes through the service worker with the server's VAPID key and
 * registers the subscription. Throws `PushNotAllowed` when the user (or the browser) said no.
 */
export async function subscribeThisDevice(vapidPublicKey: string): Promise<PushSubscriptionView> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    throw new PushNotAllowed('This browser cannot show notifications.');
  }
  const permission = await Notification.requestPermission();
  if (permission !== 'granted')
    throw new PushNotAllowed('Notifications are blocked for this site in the browser.');
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: base64UrlToBytes(vapidPublicKey),
  });
  const stored = await api.request('POST', '/api/me/push-subscriptions', {
    body: subscription.toJSON(),
    schema: PushSubscriptionView,
  });
  try {
    localStorage.setItem(SUBSCRIPTION_KEY, stored.id);
  } catch {
    // Storage blocked: the subscription works; this device just cannot tell it is its own.
  }
  return stored;
}

/** Stops notifications to this browser: the server forgets the subscription, the browser drops it. */
export async function unsubscribeThisDevice(): Promise<void> {
  const id = thisDevicePushSubscriptionId();
  if (id) {
    await api
      .request('DELETE', `/api/me/push-subscriptions/${encodeURIComponent(id)}`)
      .catch(() => undefined);
  }
  try {
    localStorage.removeItem(SUBSCRIPTION_KEY);
  } catch {
    // nothing to forget
  }
  const registration = await navigator.serviceWorker?.getRegistration();
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
}

export const useSubscribeThisDevice = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: subscribeThisDevice,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
};

export const useUnsubscribeThisDevice = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: unsubscribeThisDevice,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
};
