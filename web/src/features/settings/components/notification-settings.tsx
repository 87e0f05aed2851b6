import type { NotificationPreferences } from '@dating/functions/contract';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { ChoiceGroup } from '../../../components/ui/choice-group';
import { setNotificationSound, useNotificationSound } from '../../../lib/notification-sound';
import {
  PushNotAllowed,
  thisDevicePushSubscriptionId,
  useNotificationSettings,
  useSubscribeThisDevice,
  useUnsubscribeThisDevice,
  useUpdateNotificationPreferences,
} from '../api/notifications';

type Preference = keyof NotificationPreferences;

const preferenceOptions: { value: Preference; label: string }[] = [
  { value: 'matches', label: 'New matches' },
  { value: 'messages', label: 'New messages' },
  { value: 'previews', label: 'Show the first words of a message (otherwise only who wrote)' },
];

const failureMessage = (error: unknown) =>
  error instanceof PushNotAllowed ? error.message : 'This browser could not be subscribed; please try again.';

/**
 * How the app gets the user's attention: push notifications when the app is closed (this device, and what they
 * say, kept on the server), and the chime on this device.
 */
export function NotificationSettings() {
  const sound = useNotificationSound();
  const settings = useNotificationSettings();
  const update = useUpdateNotificationPreferences();
  const subscribe = useSubscribeThisDevice();
  const unsubscribe = useUnsubscribeThisDevice();
  const preferences = settings.data?.preferences;
  const mine = thisDevicePushSubscriptionId();
  const subscribedHere = Boolean(
    mine && settings.data?.subscriptions.some((subscription) => subscription.id === mine),
  );
  const vapidPublicKey = settings.data?.vapidPublicKey ?? null;

  return (
    <section className="card settings-section" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      {vapidPublicKey && (
        <div>
          <h3>When the app is closed</h3>
          <p className="muted">
            {subscribedHere
              ? 'This browser shows push notifications.'
              : 'Get a notification on this device for a new match or message.'}
          </p>
          {subscribedHere ? (
            <Button variant="secondary" onClick={() => unsubscribe.mutate()} disabled={unsubscribe.isPending}>
              Turn off on this device
            </Button>
          ) : (
            <Button onClick={() => subscribe.mutate(vapidPublicKey)} disabled={subscribe.isPending}>
              {subscribe.isPending ? 'Turning on…' : 'Turn on notifications'}
            </Button>
          )}
          {subscribe.isError && <Alert tone="error" title={failureMessage(subscribe.error)} />}
        </div>
      )}
      {preferences && (
        <ChoiceGroup
          legend="Notify me of"
          hint="For every device with notifications on."
          type="checkbox"
          name="push-preferences"
          options={preferenceOptions}
          isChecked={(value) => preferences[value]}
          onToggle={(value, checked) => update.mutate({ ...preferences, [value]: checked })}
        />
      )}
      {update.isError && <Alert tone="error" title="Your choice was not saved; please try again." />}
      <ChoiceGroup
        legend="On this device"
        hint="Kept in this browser only."
        type="checkbox"
        name="device-notifications"
        options={[{ value: 'sound', label: 'Play a sound for new matches and messages' }]}
        isChecked={() => sound}
        onToggle={(_value, checked) => setNotificationSound(checked)}
      />
    </section>
  );
}
