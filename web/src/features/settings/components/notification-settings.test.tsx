// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isNotificationSoundOn } from '../../../lib/notification-sound';
import { renderWithApp } from '../../../testing/render';
import { NotificationSettings } from './notification-settings';

afterEach(() => localStorage.clear());

describe('notification settings', () => {
  it('has the sound off by default and remembers switching it on for this device', () => {
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
