// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { LoginForm } from './login-form';
import { RegisterForm } from './register-form';

const emailBox = () => screen.getByRole('textbox', { name: 'Email' });
const passwordBox = () => screen.getByLabelText('Password');

describe('credentials form', () => {
  it('checks the fields before sending: errors beside them, focus on the first, no request', async () => {
    const server = fakeApi();
    renderWithApp(<LoginForm />);
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(emailBox()).toHaveAttribute('aria-invalid', 'true');
    expect(emailBox()).toHaveAccessibleDescription(/Enter an email address/);
    expect(passwordBox()).toHaveAccessibleDescription('Required');
    await waitFor(() => expect(emailBox()).toHaveFocus());
    expect(server.calls).toEqual([]);

    await user.type(emailBox(), 'ada');
    expect(emailBox()).not.toHaveAttribute('aria-invalid');
    expect(passwordBox()).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends valid credentials and shows a refusal at the top, with focus on it', async () => {
    const server = fakeApi({
      'POST /api/auth/login': apiError(401, 'invalid_credentials', 'Email or password is wrong.'),
    });
    renderWithApp(<LoginForm />);
    const user = userEvent.setup();

    await user.type(emailBox(), ' Ada@Example.org ');
    await user.type(passwordBox(), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Email or password is wrong.');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(server.calls).toEqual([
      {
        method: 'POST',
        path: '/api/auth/login',
        body: { email: 'ada@example.org', password: 'correct horse' },
      },
    ]);
  });

  it('puts the server’s field errors next to their fields when registering', async () => {
    fakeApi({
      'POST /api/auth/register': apiError(
        400,
        'validation_failed',
        'The request body did not pass validation',
        {
          password: ['is too common'],
        },
      ),
    });
    renderWithApp(<RegisterForm />);
    const user = userEvent.setup();

    await user.type(emailBox(), 'ada@example.org');
    await user.type(passwordBox(), 'password1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    expect(passwordBox()).toHaveAccessibleDescription(/Is too common/);
    await waitFor(() => expect(passwordBox()).toHaveFocus());
  });

  it('shows the button busy while the request runs', async () => {
    let answer: (response: Response) => void = () => {};
    fakeApi({ 'POST /api/auth/login': () => new Promise<Response>((resolve) => (answer = resolve)) });
    renderWithApp(<LoginForm />);
    const user = userEvent.setup();

    await user.type(emailBox(), 'ada@example.org');
    await user.type(passwordBox(), 'secret-enough');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    await waitFor(() => expect(screen.getByRole('button', { name: 'Log in' })).toBeDisabled());
    answer(
      json(200, { user: { id: '01HZX3K5B7Q9W2E4R6T8Y0M1NP', email: 'ada@example.org' }, accessToken: 't' }),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Log in' })).toBeEnabled());
  });
});
