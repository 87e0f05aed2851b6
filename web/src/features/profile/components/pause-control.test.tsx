// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { savedProfile } from '../testing/saved-profile';
import { PauseControl } from './pause-control';

const paused = { ...savedProfile, pausedAt: '2026-11-26T09:00:00.000Z' };

describe('pause control', () => {
  it('pauses the profile in one click from the profile page, then offers to resume', async () => {
    const server = fakeApi({
      'GET /api/profile': json(200, savedProfile),
      'PUT /api/profile/pause': json(200, paused),
    });
    renderWithApp(<PauseControl offerPause />);

    fireEvent.click(await screen.findByRole('button', { name: 'Pause my profile' }));

    expect(await screen.findByText('Your profile is paused')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resume my profile' })).toBeInTheDocument();
    expect(server.calls.map((call) => `${call.method} ${call.path}`)).toContain('PUT /api/profile/pause');
  });

  it('says the profile is paused where people discover, and resumes it in one click', async () => {
    const server = fakeApi({
      'GET /api/profile': json(200, paused),
      'DELETE /api/profile/pause': json(200, savedProfile),
    });
    renderWithApp(<PauseControl />);

    expect(await screen.findByText(/Nobody new sees you in Discover/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Resume my profile' }));

    await expect.poll(() => screen.queryByText('Your profile is paused')).toBeNull();
    expect(server.calls.map((call) => `${call.method} ${call.path}`)).toContain('DELETE /api/profile/pause');
    // Where nothing is paused and pausing is not offered (Discover), nothing is shown.
    expect(screen.queryByRole('button', { name: 'Pause my profile' })).toBeNull();
  });
});
