import { ChoiceGroup } from '../../../components/ui/choice-group';
import { setNotificationSound, useNotificationSound } from '../../../lib/notification-sound';

/** How the app gets the user's attention: the chime on this device. */
export function NotificationSettings() {
  const sound = useNotificationSound();
  return (
    <section className="card settings-section" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
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
