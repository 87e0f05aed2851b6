import { ErrorEnvelope } from '../../contract/errors';
import {
  NotificationPreferences,
  NotificationSettings,
  PushSubscriptionIdParams,
  PushSubscriptionRequest,
  PushSubscriptionView,
} from '../../contract/notifications';
import {
  addPushSubscription,
  getNotificationSettings,
  putNotificationPreferences,
  removePushSubscription,
} from '../../services/notifications/notification-settings';
import { defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

/** Notifications outside the app: preferences and the caller's Web Push subscriptions (group `profile`). */
export const notificationRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/me/notifications',
    group: 'profile',
    summary: 'My notification preferences, my push-subscribed browsers and the VAPID key to subscribe with',
    tags: ['notifications'],
    auth: true,
    responses: { 200: { description: 'The settings', schema: NotificationSettings } },
    handle: async ({ deps, caller }) => json(200, await getNotificationSettings(deps, caller.userId)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/me/notifications/preferences',
    group: 'profile',
    summary: 'Choose what push notifications tell me: matches, messages, and message previews (text)',
    tags: ['notifications'],
    auth: true,
    body: NotificationPreferences,
    responses: {
      200: { description: 'The stored preferences', schema: NotificationPreferences },
      400: error('Not all three choices, or not booleans'),
    },
    handle: async ({ deps, caller, body }) =>
      json(200, await putNotificationPreferences(deps, caller.userId, body)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/me/push-subscriptions',
    group: 'profile',
    summary:
      'Subscribe this browser to Web Push (PushSubscription.toJSON()); an endpoint moves to the caller',
    tags: ['notifications'],
    auth: true,
    body: PushSubscriptionRequest,
    responses: {
      201: {
        description: 'Subscribed (the same id again for a known endpoint)',
        schema: PushSubscriptionView,
      },
      400: error('Not an https endpoint, or keys that are not base64url of the right size'),
    },
    handle: async ({ deps, caller, body, request }) =>
      json(201, await addPushSubscription(deps, caller.userId, body, request)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/me/push-subscriptions/{id}',
    group: 'profile',
    summary: 'Unsubscribe a browser: no more push notifications reach it',
    tags: ['notifications'],
    auth: true,
    params: PushSubscriptionIdParams,
    responses: { 204: { description: 'Removed' }, 404: error('Not one of the caller’s subscriptions') },
    handle: async ({ deps, caller, params }) => {
      await removePushSubscription(deps, caller.userId, params.id);
      return noContent();
    },
  }),
];
