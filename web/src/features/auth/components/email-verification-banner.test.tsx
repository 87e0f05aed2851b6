// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json } from '../../../testing/fake-api';
import { aMe } from '../../../testing/me';
import { renderWithApp } from '../../../testing/render';
import { EmailVerificationBanner } from './email-verification-banner';

const RESEND = 'POST /api/me/email-verification';
const unverified = aMe({ emailVerified: false, emailVerificationRequired: true });
const banner = () => screen.queryByRole('region', { name: 'Confirm your email address' });
const resend = () => fireEvent.click(screen.getByRole('button', { name: 'Resend the link' }));

describe('email verification banner', () => {
  it('says what waits for a confirmed address, and resends the link', async () => {
    const server = fakeApi({ 'GET /api/me': json(200, unverified), [RESEND]: json(202) });
    renderWithApp(<EmailVerificationBanner />);

    expect(await screen.findByRole('region', { name: 'Confirm your email address' })).toHaveTextContent(
      'We sent a link to ada@example.org. Until you open it, nobody sees you in discovery, and you cannot like anyone or send messages.',
    );
    resend();

    expect(await screen.findByText(/^Sent\. Check your inbox/)).toBeInTheDocument();
    expect(server.calls.at(-1)).toEqual({
      method: 'POST',
      path: '/api/me/email-verification',
      body: undefined,
    });
  });

  it('says how long to wait when links were asked for too often (429)', async () => {
    fakeApi({
      'GET /api/me': json(200, unverified),
      [RESEND]: new Response(
        JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } }),
        {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '45' },
        },
      ),
    });
    renderWithApp(<EmailVerificationBanner />);
    await screen.findByRole('region', { name: 'Confirm your email address' });

    resend();

    expect(await screen.findByText(/Please wait about 45 seconds before asking again/)).toBeInTheDocument();
  });

  it('says so when the address is confirmed already, and loads `me` again', async () => {
    const server = fakeApi({
      'GET /api/me': json(200, unverified),
      [RESEND]: apiError(409, 'already_verified', 'The email address is already verified.'),
    });
    renderWithApp(<EmailVerificationBanner />);
    await screen.findByRole('region', { name: 'Confirm your email address' });
    server.on('GET /api/me', json(200, aMe({ emailVerified: true, emailVerificationRequired: true })));

    resend();

    expect(await screen.findByText('Your email address is already confirmed.')).toBeInTheDocument();
    await waitFor(() => expect(server.calls.filter((call) => call.path === '/api/me')).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Your email address is already confirmed.')).not.toBeInTheDocument();
  });

  it('is not shown to a confirmed address, nor where the server does not require one', async () => {
    fakeApi({ 'GET /api/me': json(200, aMe({ emailVerified: true, emailVerificationRequired: true })) });
    const first = renderWithApp(<EmailVerificationBanner />);
    await waitFor(() => expect(first.queryClient.getQueryData(['me'])).toBeDefined());
    expect(banner()).not.toBeInTheDocument();
    first.unmount();

    fakeApi({ 'GET /api/me': json(200, aMe({ emailVerified: false, emailVerificationRequired: false })) });
    const second = renderWithApp(<EmailVerificationBanner />);
    await waitFor(() => expect(second.queryClient.getQueryData(['me'])).toBeDefined());
    expect(banner()).not.toBeInTheDocument();
  });
});
