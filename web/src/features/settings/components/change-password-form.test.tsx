// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { ChangePasswordForm } from './change-password-form';

const PASSWORD = 'POST /api/auth/password';
const current = () => screen.getByLabelText('Current password');
const next = () => screen.getByLabelText('New password');
const fill = (currentPassword: string, newPassword: string) => {
  fireEvent.change(current(), { target: { value: currentPassword } });
  fireEvent.change(next(), { target: { value: newPassword } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
};

describe('change password form', () => {
  it('asks for a long enough new password before sending, with focus on it', async () => {
    const server = fakeApi();
    renderWithApp(<ChangePasswordForm />);

    fill('old secret', 'short');

    expect(next()).toHaveAttribute('aria-invalid', 'true');
    expect(next()).toHaveAccessibleDescription(/Use at least 8 characters/);
    await waitFor(() => expect(next()).toHaveFocus());
    expect(server.calls).toEqual([]);
  });

  it('puts a wrong current password next to that field', async () => {
    fakeApi({ [PASSWORD]: apiError(401, 'invalid_credentials', 'Wrong password') });
    renderWithApp(<ChangePasswordForm />);

    fill('not it', 'a much better one');

    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    expect(current()).toHaveAccessibleDescription(/That is not your current password\./);
    await waitFor(() => expect(current()).toHaveFocus());
  });

  it('confirms the change and empties the fields', async () => {
    const server = fakeApi({ [PASSWORD]: json(204) });
    renderWithApp(<ChangePasswordForm />);

    fill('old secret', 'a much better one');

    expect(
      await screen.findByText('Your password is changed. Your other devices are logged out.'),
    ).toBeInTheDocument();
    expect(current()).toHaveValue('');
    expect(next()).toHaveValue('');
    expect(server.calls).toEqual([
      {
        method: 'POST',
        path: '/api/auth/password',
        body: { currentPassword: 'old secret', newPassword: 'a much better one' },
      },
    ]);
  });
});
