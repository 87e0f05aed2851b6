// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { savedProfile } from '../testing/saved-profile';
import { ProfileEditor } from './profile-editor';

const profile = savedProfile;
/** What the editor sends for `profile` unchanged: the input fields, none of the derived ones. */
const {
  userId: _userId,
  age: _age,
  photos: _photos,
  updatedAt: _updatedAt,
  pausedAt: _pausedAt,
  ...input
} = profile;
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

describe('profile editor', () => {
  it('shows what is missing before sending, with focus on the first field at fault', async () => {
    const server = fakeApi();
    renderWithApp(<ProfileEditor profile={null} submitLabel="Save profile" />);

    save();

    expect(screen.getByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
    const name = screen.getByRole('textbox', { name: 'Display name' });
    expect(name).toHaveAccessibleDescription(/Required/);
    await waitFor(() => expect(name).toHaveFocus());
    expect(server.calls).toEqual([]);
  });

  it('refuses someone under 18 and allows the age range the contract allows', async () => {
    fakeApi();
    renderWithApp(<ProfileEditor profile={profile} submitLabel="Save profile" />);
    const birthDate = screen.getByLabelText('Birth date');
    const from = screen.getByRole('spinbutton', { name: 'From' });

    expect(from).toHaveAttribute('min', '18');
    expect(from).toHaveAttribute('max', '99');
    fireEvent.change(birthDate, { target: { value: new Date().toISOString().slice(0, 10) } });
    save();

    expect(birthDate).toHaveAccessibleDescription(/You must be at least 18/);
  });

  it('saves the whole profile and says so; editing again clears the confirmation', async () => {
    const server = fakeApi({
      'PUT /api/profile': (call) => json(200, { ...profile, ...(call.body as object) }),
    });
    const onSaved = vi.fn();
    renderWithApp(<ProfileEditor profile={profile} submitLabel="Save profile" onSaved={onSaved} />);

    fireEvent.change(screen.getByRole('textbox', { name: 'Display name' }), {
      target: { value: ' Ada L. ' },
    });
    save();

    expect(await screen.findByText('Your profile is saved.')).toBeInTheDocument();
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ displayName: 'Ada L.' }));
    expect(server.calls).toEqual([
      {
        method: 'PUT',
        path: '/api/profile',
        body: { ...input, displayName: 'Ada L.' },
      },
    ]);

    fireEvent.change(screen.getByRole('textbox', { name: 'Display name' }), { target: { value: 'Ada' } });
    expect(screen.queryByText('Your profile is saved.')).not.toBeInTheDocument();
  });
});
