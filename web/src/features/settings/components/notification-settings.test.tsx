// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isNotificationSoundOn } from '../../../lib/notification-sound';
import { fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { NotificationSettings } from './notification-settings';

afterEach(() => localStorage.clear());

const settings = {
  preferences: { matches: true, messages: true, previews: false },
  vapidPublicKey: null,
  subscriptions: [],
};

describe('notification settings', () => {
  it('shows the server-side choices and saves a change', async () => {
    const server = fakeApi({
      'GET /api/me/notifications': json(200, settings),
      'PUT /api/me/notifications/preferences': json(200, { matches: true, messages: true, previews: true }),
    });
    renderWithApp(<NotificationSettings />);
    const previews = await screen.findByRole('checkbox', { name: /Show the first words of a message/ });
    expect(previews).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'New messages' })).toBeChecked();

    fireEvent.click(previews);

    await waitFor(() => expect(previews).toBeChecked());
    expect(server.calls.at(-1)?.body).toEqual({ matches: true, messages: true, previews: true });
  });

  it('has the sound off by default and remembers switching it on for this device', () => {
    fakeApi({ 'GET /api/me/notifications': json(200, settings) });
    renderWithApp(<NotificationSettings />);
    const sound = screen.getByRole('checkbox', { name: 'Play a sound for new matches and messages' });
    expect(sound).not.toBeChecked();
    expect(isNotificationSoundOn()).toBe(false);

    fireEvent.click(sound);

    expect(sound).toBeChecked();
    expect(isNotificationSoundOn()).toBe(true);
    fireEvent.click(sound);
    expect(isNotificationSoundOn()).toBe(false);
  });
});
