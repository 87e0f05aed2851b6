// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { SessionsList } from './sessions-list';

const LAPTOP = '01JDZX8Q6RYV3T0W9A5C7E2B4M';
const PHONE = '01JDZX9Q6RYV3T0W9A5C7E2B4N';
const TABLET = '01JDZXAQ6RYV3T0W9A5C7E2B4P';
const session = (id: string, device: string, current = false) => ({
  id,
  device,
  current,
  createdAt: '2026-12-01T10:00:00.000Z',
  lastUsedAt: '2026-12-07T18:00:00.000Z',
});
const listed = (...sessions: ReturnType<typeof session>[]) => json(200, { sessions, truncated: false });

describe('sessions list', () => {
  it('shows each login with its device, marks this one, and logs another one out', async () => {
    const server = fakeApi({
      'GET /api/me/sessions': listed(
        session(PHONE, 'Safari on iPhone'),
        session(LAPTOP, 'Firefox on Linux', true),
      ),
      [`DELETE /api/me/sessions/${PHONE}`]: json(204),
    });
    renderWithApp(<SessionsList />);

    const list = await screen.findByRole('list', { name: 'Sessions' });
    expect(within(list).getByText('Firefox on Linux (this device)')).toBeInTheDocument();
    expect(within(list).getAllByRole('button', { name: /Log out/ })).toHaveLength(1);

    server.on('GET /api/me/sessions', listed(session(LAPTOP, 'Firefox on Linux', true)));
    fireEvent.click(screen.getByRole('button', { name: 'Log out Safari on iPhone' }));

    expect(await screen.findByText('Safari on iPhone is logged out.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Safari on iPhone')).not.toBeInTheDocument());
    expect(screen.getByText('You are not logged in anywhere else.')).toBeInTheDocument();
    expect(server.calls).toContainEqual({
      method: 'DELETE',
      path: `/api/me/sessions/${PHONE}`,
      body: undefined,
    });
  });

  it('logs out everywhere else and keeps this device', async () => {
    const server = fakeApi({
      'GET /api/me/sessions': listed(
        session(PHONE, 'Safari on iPhone'),
        session(TABLET, 'Chrome on Android'),
        session(LAPTOP, 'Firefox on Linux', true),
      ),
      'DELETE /api/me/sessions': json(200, { ended: 2 }),
    });
    renderWithApp(<SessionsList />);

    await screen.findByRole('list', { name: 'Sessions' });
    server.on('GET /api/me/sessions', listed(session(LAPTOP, 'Firefox on Linux', true)));
    fireEvent.click(screen.getByRole('button', { name: 'Log out everywhere else' }));

    expect(await screen.findByText('2 other sessions logged out.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Chrome on Android')).not.toBeInTheDocument());
    expect(screen.getByText('Firefox on Linux (this device)')).toBeInTheDocument();
    expect(server.calls).toContainEqual({ method: 'DELETE', path: '/api/me/sessions', body: undefined });
  });
});
