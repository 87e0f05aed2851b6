// @vitest-environment happy-dom

import type { LikesPage } from '@dating/functions/contract';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { likesCountLabel } from '../api/get-likes';
import { LikesList } from './likes-list';

const milo: LikesPage['items'][number]['user'] = {
  userId: '01HZX3K5B7Q9W2E4R6T8Y0M1NQ',
  displayName: 'Milo',
  age: 34,
  gender: 'man',
  bio: 'Sailing',
  interests: [],
  prompts: [],
  photos: [{ id: '01HZX3K5B7Q9W2E4R6T8Y0M1NR', urls: { thumb: '/t.webp', display: '/d.webp' } }],
  distanceKm: 3,
};
const page: LikesPage = { items: [{ user: milo, likedAt: '2026-11-26T09:00:00.000Z' }], nextCursor: null };

describe('likes you', () => {
  it('lists who liked me and likes them back into a match with a way to say hello', async () => {
    const server = fakeApi({
      'GET /api/likes': json(200, page),
      'POST /api/swipes': json(200, {
        matched: true,
        match: {
          matchId: '01HZX3K5B7Q9W2E4R6T8Y0M1NS',
          user: milo,
          createdAt: '2026-11-26T10:00:00.000Z',
          lastActivityAt: '2026-11-26T10:00:00.000Z',
          lastMessage: null,
          unreadCount: 0,
        },
      }),
    });
    renderWithApp(<LikesList />);

    expect(await screen.findByText('Milo, 34')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Like back Milo' }));

    expect(await screen.findByText('It’s a match with Milo!')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Say hello' })).toHaveAttribute(
      'href',
      '/matches/01HZX3K5B7Q9W2E4R6T8Y0M1NS/chat',
    );
    expect(server.calls).toContainEqual({
      method: 'POST',
      path: '/api/swipes',
      body: { targetUserId: milo.userId, decision: 'like' },
    });
  });

  it('counts likes for the tab, with + when more follow', () => {
    expect(likesCountLabel({ items: [], nextCursor: null })).toBeNull();
    expect(likesCountLabel(page)).toBe('1');
    expect(likesCountLabel({ ...page, nextCursor: 'x' })).toBe('1+');
  });
});
