// @vitest-environment happy-dom

import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { queryKeys } from '../../../lib/query-keys';
import { session } from '../../../lib/session';
import { apiError, fakeApi, json } from '../../../testing/fake-api';
import { aMe } from '../../../testing/me';
import { renderWithApp, testQueryClient } from '../../../testing/render';
import { ForgotPasswordRoute } from './forgot-password';
import { LoginRoute } from './login';
import { ResetPasswordRoute } from './reset-password';
import { VerifyEmailRoute } from './verify-email';

const RESET = 'POST /api/auth/password-reset';
const CONFIRM = 'POST /api/auth/password-reset/confirm';
const VERIFY = 'POST /api/auth/verify-email';

/** The address bar as a mailed link leaves it. */
const openLink = (path: string) => window.history.replaceState(null, '', path);
const addressBar = () => `${window.location.pathname}${window.location.search}`;

afterEach(() => {
  openLink('/');
  session.clear();
});

/** A page at "/" with the login page beside it, so a redirect to /login shows up. */
const withLogin = (page: React.ReactElement) => (
  <Routes>
    <Route path="/" element={page} />
    <Route path="/login" element={<LoginRoute />} />
    <Route path="/forgot-password" element={<ForgotPasswordRoute />} />
  </Routes>
);

describe('forgot password', () => {
  it('is linked from the login page', () => {
    renderWithApp(<LoginRoute />);
    expect(screen.getByRole('link', { name: 'Forgot password?' })).toHaveAttribute(
      'href',
      '/forgot-password',
    );
  });

  it('asks for a valid address first, then says the same thing whatever the server knows', async () => {
    const server = fakeApi({ [RESET]: json(202) });
    renderWithApp(<ForgotPasswordRoute />);
    const email = screen.getByRole('textbox', { name: 'Email' });

    fireEvent.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect(email).toHaveAccessibleDescription(/Enter an email address/);
    await waitFor(() => expect(email).toHaveFocus());
    expect(server.calls).toEqual([]);

    fireEvent.change(email, { target: { value: ' Ada@Example.org ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send me a link' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'If an account exists for that address, we sent a link',
    );
    expect(screen.getByRole('status')).toHaveTextContent('ada@example.org');
    await waitFor(() => expect(screen.getByRole('status')).toHaveFocus());
    expect(server.calls).toEqual([
      { method: 'POST', path: '/api/auth/password-reset', body: { email: 'ada@example.org' } },
    ]);
  });

  it('says how long to wait when asked too often (429)', async () => {
    fakeApi({
      [RESET]: new Response(
        JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } }),
        { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '600' } },
      ),
    });
    renderWithApp(<ForgotPasswordRoute />);

    fireEvent.change(screen.getByRole('textbox', { name: 'Email' }), {
      target: { value: 'ada@example.org' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send me a link' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Please wait about 10 minutes before asking again');
    expect(screen.queryByText(/we sent a link/)).not.toBeInTheDocument();
  });
});

describe('reset password page', () => {
  const fill = (password: string, repeat = password) => {
    fireEvent.change(screen.getByLabelText('New password'), { target: { value: password } });
    fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: repeat } });
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }));
  };

  it('takes the token out of the address bar as it opens', () => {
    fakeApi();
    openLink('/reset-password?token=tok-123');
    renderWithApp(<ResetPasswordRoute />);

    expect(addressBar()).toBe('/reset-password');
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      /At least 8 characters\. Not your email, and not a common password\./,
    );
  });

  it('checks the policy and that both passwords match before sending', async () => {
    const server = fakeApi();
    openLink('/reset-password?token=tok-123');
    renderWithApp(<ResetPasswordRoute />);

    fill('short');
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/Use at least 8 characters/);

    fill('a much better one', 'a much better on');
    expect(screen.getByLabelText('Repeat the new password')).toHaveAccessibleDescription(
      /The two passwords are not the same\./,
    );
    await waitFor(() => expect(screen.getByLabelText('Repeat the new password')).toHaveFocus());
    expect(server.calls).toEqual([]);
  });

  it('shows the server’s policy errors next to the new password', async () => {
    fakeApi({
      [CONFIRM]: apiError(400, 'validation_failed', 'The request body did not pass validation', {
        newPassword: ['is too common'],
      }),
    });
    openLink('/reset-password?token=tok-123');
    renderWithApp(<ResetPasswordRoute />);

    fill('password123');

    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/Is too common/);
  });

  it('sets the password with the token, ends the session here and goes to log in with a notice', async () => {
    const server = fakeApi({ [CONFIRM]: json(204) });
    session.signIn('old-access-token', 'login');
    openLink('/reset-password?token=tok-123');
    renderWithApp(withLogin(<ResetPasswordRoute />));

    fill('a much better one');

    expect(await screen.findByRole('heading', { level: 1, name: 'Log in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your password is changed. Log in with your new password',
    );
    expect(session.getSnapshot().status).toBe('anonymous');
    expect(server.calls).toEqual([
      {
        method: 'POST',
        path: '/api/auth/password-reset/confirm',
        body: { token: 'tok-123', newPassword: 'a much better one' },
      },
    ]);
  });

  it('explains an expired or used link and offers a new one', async () => {
    fakeApi({ [CONFIRM]: apiError(400, 'invalid_token', 'The link is invalid or expired.') });
    openLink('/reset-password?token=tok-123');
    renderWithApp(withLogin(<ResetPasswordRoute />));

    fill('a much better one');

    expect(await screen.findByRole('alert')).toHaveTextContent('This link has expired or was already used');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus());
    fireEvent.click(screen.getByRole('link', { name: 'Request a new link' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Reset your password' })).toBeInTheDocument();
  });

  it('says the same of a link without a token, and sends nothing', () => {
    const server = fakeApi();
    openLink('/reset-password');
    renderWithApp(<ResetPasswordRoute />);

    expect(screen.getByRole('alert')).toHaveTextContent('This link has expired or was already used');
    expect(server.calls).toEqual([]);
  });
});

describe('verify email page', () => {
  /** As `main.tsx` renders the app: StrictMode runs effects twice in development. */
  function openStrict(queryClient = testQueryClient()) {
    render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter>
            <VerifyEmailRoute />
          </MemoryRouter>
        </QueryClientProvider>
      </StrictMode>,
    );
    return queryClient;
  }

  it('confirms once on load (even under StrictMode), hides the token and loads `me` again', async () => {
    const server = fakeApi({
      [VERIFY]: json(200, { email: 'ada@example.org', emailVerified: true }),
      'GET /api/me': json(200, aMe({ emailVerified: true })),
    });
    session.signIn('access-token', 'login');
    openLink('/verify-email?token=tok-456');
    const queryClient = testQueryClient();
    queryClient.setQueryData(queryKeys.me, aMe({ emailVerified: false, emailVerificationRequired: true }));
    openStrict(queryClient);

    expect(addressBar()).toBe('/verify-email');
    expect(await screen.findByText('Your email address is confirmed')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Continue to the app' })).toHaveAttribute('href', '/');
    expect(server.calls.filter((call) => call.path === '/api/auth/verify-email')).toEqual([
      { method: 'POST', path: '/api/auth/verify-email', body: { token: 'tok-456' } },
    ]);
    expect(queryClient.getQueryState(queryKeys.me)?.isInvalidated).toBe(true);
  });

  it('offers to log in when the link is opened in a browser without a session', async () => {
    fakeApi({ [VERIFY]: json(200, { email: 'new@example.org', emailVerified: true }) });
    openLink('/verify-email?token=tok-456');
    openStrict();

    expect(await screen.findByText('new@example.org')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');
  });

  it('explains an expired or used link', async () => {
    fakeApi({ [VERIFY]: apiError(400, 'invalid_token', 'The link is invalid or expired.') });
    openLink('/verify-email?token=tok-456');
    openStrict();

    expect(await screen.findByRole('alert')).toHaveTextContent('This link has expired or was already used');
    expect(screen.getByRole('alert')).toHaveTextContent('Resend the link');
  });

  it('explains an email change whose new address was taken meanwhile', async () => {
    fakeApi({ [VERIFY]: apiError(409, 'email_taken', 'Email already registered') });
    openLink('/verify-email?token=tok-456');
    openStrict();

    expect(await screen.findByRole('alert')).toHaveTextContent('That address belongs to another account now');
    expect(screen.getByRole('link', { name: 'Go to Settings' })).toHaveAttribute('href', '/settings');
  });

  it('offers to try again after a network failure, with the same token', async () => {
    const server = fakeApi({ [VERIFY]: () => Promise.reject(new TypeError('Failed to fetch')) });
    openLink('/verify-email?token=tok-456');
    openStrict();

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not reach the server');
    server.on(VERIFY, json(200, { email: 'ada@example.org', emailVerified: true }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try again' })));

    expect(await screen.findByText('Your email address is confirmed')).toBeInTheDocument();
    expect(server.calls.map((call) => call.body)).toEqual([{ token: 'tok-456' }, { token: 'tok-456' }]);
  });
});
