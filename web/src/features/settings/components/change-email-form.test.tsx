// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json } from '../../../testing/fake-api';
import { aMe } from '../../../testing/me';
import { renderWithApp } from '../../../testing/render';
import { ChangeEmailForm } from './change-email-form';

const CHANGE = 'PUT /api/me/email';
const newEmail = () => screen.getByRole('textbox', { name: 'New email address' });
const password = () => screen.getByLabelText('Your password');
const submit = (email: string, secret: string) => {
  fireEvent.change(newEmail(), { target: { value: email } });
  fireEvent.change(password(), { target: { value: secret } });
  fireEvent.click(screen.getByRole('button', { name: 'Change email' }));
};

describe('change email form', () => {
  it('checks the address and asks for the password before sending', async () => {
    const server = fakeApi({ 'GET /api/me': json(200, aMe()) });
    renderWithApp(<ChangeEmailForm />);
    await screen.findByText('ada@example.org');

    submit('not an address', '');

    expect(newEmail()).toHaveAccessibleDescription(/Enter an email address/);
    expect(password()).toHaveAccessibleDescription('Required');
    await waitFor(() => expect(newEmail()).toHaveFocus());
    expect(server.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it('puts a wrong password next to that field', async () => {
    fakeApi({
      'GET /api/me': json(200, aMe()),
      [CHANGE]: apiError(401, 'invalid_credentials', 'Wrong password'),
    });
    renderWithApp(<ChangeEmailForm />);

    submit('new@example.org', 'not it');

    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    expect(password()).toHaveAccessibleDescription(/That is not your current password\./);
    await waitFor(() => expect(password()).toHaveFocus());
  });

  it('sends the new address with the password, then shows it as waiting for confirmation', async () => {
    const server = fakeApi({
      'GET /api/me': json(200, aMe()),
      [CHANGE]: json(202, { pendingEmail: 'new@example.org' }),
    });
    renderWithApp(<ChangeEmailForm />);
    await screen.findByText('ada@example.org');
    server.on('GET /api/me', json(200, aMe({ pendingEmail: 'new@example.org' })));

    submit(' New@Example.org ', 'my password');

    expect(await screen.findByText(/Waiting for confirmation:/)).toHaveTextContent(
      'Waiting for confirmation: new@example.org. Open the link we sent to that address; until then, your address stays ada@example.org.',
    );
    expect(screen.getByRole('status')).toHaveTextContent('We sent a confirmation link to new@example.org.');
    expect(newEmail()).toHaveValue('');
    expect(password()).toHaveValue('');
    expect(server.calls.find((call) => call.method === 'PUT')).toEqual({
      method: 'PUT',
      path: '/api/me/email',
      body: { newEmail: 'new@example.org', password: 'my password' },
    });
  });

  it('shows a change still waiting from an earlier visit', async () => {
    fakeApi({ 'GET /api/me': json(200, aMe({ pendingEmail: 'later@example.org' })) });
    renderWithApp(<ChangeEmailForm />);

    expect(await screen.findByText(/Waiting for confirmation:/)).toHaveTextContent('later@example.org');
  });
});
