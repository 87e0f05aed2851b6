// @vitest-environment happy-dom
import type { Photo } from '@dating/functions/contract';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json } from '../../../testing/fake-api';
import { aMe } from '../../../testing/me';
import { renderWithApp } from '../../../testing/render';
import { PhotosManager } from './photos-manager';

const photo = (n: number, status: Photo['status'] = 'ready'): Photo => ({
  id: `01HZX3K5B7Q9W2E4R6T8Y0P${String(n).padStart(3, '0')}`,
  status,
  ...(status === 'ready' ? { urls: { thumb: `/media/${n}-thumb.webp`, display: `/media/${n}.webp` } } : {}),
  createdAt: '2026-11-25T12:00:00.000Z',
});
const me = aMe();
const photosAre = (list: Photo[]) => json(200, { items: list, nextCursor: null });
const thumbnails = () => screen.getAllByRole('img').map((image) => image.getAttribute('src'));
const announcement = () =>
  screen.getAllByRole('status').find((region) => region.classList.contains('visually-hidden'));

function openPhotos(list: Photo[], routes: Parameters<typeof fakeApi>[0] = {}) {
  const server = fakeApi({ 'GET /api/me': json(200, me), 'GET /api/photos': photosAre(list), ...routes });
  renderWithApp(<PhotosManager />);
  return server;
}

describe('photos manager', () => {
  it('shows the photos in order with how many slots are used', async () => {
    openPhotos([photo(1), photo(2), photo(3, 'pending')]);

    expect(await screen.findByText('of 6 photos')).toHaveTextContent('3 of 6 photos');
    expect(await screen.findByRole('img', { name: 'Ada, main photo' })).toBeInTheDocument();
    expect(thumbnails()).toEqual(['/media/1-thumb.webp', '/media/2-thumb.webp']);
    expect(screen.getByText(/3 more fit/)).toBeInTheDocument();
  });

  it('moves a photo earlier: the new order shows at once, is sent and announced', async () => {
    const server = openPhotos([photo(1), photo(2)], {
      'PUT /api/photos/order': photosAre([photo(2), photo(1)]),
    });
    await screen.findByRole('img', { name: 'Ada, main photo' });

    fireEvent.click(screen.getByRole('button', { name: 'Move photo 2 earlier' }));

    await waitFor(() => expect(thumbnails()).toEqual(['/media/2-thumb.webp', '/media/1-thumb.webp']));
    expect(announcement()).toHaveTextContent('Moved to position 1 of 2. It is now your main photo.');
    await waitFor(() =>
      expect(server.calls).toContainEqual({
        method: 'PUT',
        path: '/api/photos/order',
        body: { photoIds: [photo(2).id, photo(1).id] },
      }),
    );
  });

  it('puts the old order back and says so when the new one cannot be saved', async () => {
    openPhotos([photo(1), photo(2)], {
      'PUT /api/photos/order': apiError(500, 'internal', 'The server had a problem.'),
    });
    await screen.findByRole('img', { name: 'Ada, main photo' });

    fireEvent.click(screen.getByRole('button', { name: 'Move photo 1 later' }));

    expect(
      await screen.findByText('The new order could not be saved: The server had a problem.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(thumbnails()).toEqual(['/media/1-thumb.webp', '/media/2-thumb.webp']));
  });

  it('deletes a photo after confirmation', async () => {
    const server = openPhotos([photo(1), photo(2)], {
      [`DELETE /api/photos/${photo(1).id}`]: json(204),
    });
    await screen.findByRole('img', { name: 'Ada, main photo' });

    fireEvent.click(screen.getAllByRole('button', { name: /^Delete/ })[0] as HTMLElement);
    const dialog = await screen.findByRole('dialog', { name: 'Delete this photo?' });
    server.on('GET /api/photos', photosAre([photo(2)]));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete photo' }));

    await waitFor(() => expect(thumbnails()).toEqual(['/media/2-thumb.webp']));
    expect(announcement()).toHaveTextContent('The photo is deleted.');
    expect(server.calls).toContainEqual({
      method: 'DELETE',
      path: `/api/photos/${photo(1).id}`,
      body: undefined,
    });
  });

  it('refuses a file that is not an image before sending anything', async () => {
    const server = openPhotos([]);
    expect(await screen.findByText(/No photos yet/)).toBeInTheDocument();
    const input = screen.getByLabelText('Add photos');

    fireEvent.change(input, {
      target: { files: [new File(['just text'], 'notes.txt', { type: 'text/plain' })] },
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      '“notes.txt” is not a JPEG, PNG or WebP image.',
    );
    expect(server.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it('does not take more photos once all six slots are used', async () => {
    openPhotos([1, 2, 3, 4, 5, 6].map((n) => photo(n)));

    expect(await screen.findByText(/You have 6 photos, the most allowed/)).toBeInTheDocument();
    expect(screen.getByLabelText('Add photos')).toBeDisabled();
  });
});
