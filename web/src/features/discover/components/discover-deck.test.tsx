// @vitest-environment happy-dom
import type { MatchSummary, PublicProfile } from '@dating/functions/contract';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MatchAnnouncementDialog } from '../../../components/notifications/match-dialog';
import { apiError, fakeApi, json } from '../../../testing/fake-api';
import { renderWithApp } from '../../../testing/render';
import { DiscoverDeck } from './discover-deck';

const person = (n: number, displayName: string, age: number): PublicProfile => ({
  userId: `01HZX3K5B7Q9W2E4R6T8Y0M${String(n).padStart(3, '0')}`,
  displayName,
  age,
  gender: 'woman',
  bio: `${displayName}’s bio`,
  interests: [],
  prompts: [],
  photos: [],
  distanceKm: 3,
});
const ada = person(1, 'Ada', 36);
const bea = person(2, 'Bea', 31);
const DISCOVER = 'GET /api/discover';
const SWIPE = 'POST /api/swipes';

const topCard = () => screen.getByRole('heading', { level: 2 });
const likeButton = () => screen.getByRole('button', { name: /^Like/ });
const passButton = () => screen.getByRole('button', { name: /^Pass/ });
const announcement = () =>
  screen.getAllByRole('status').find((region) => region.classList.contains('visually-hidden'));

describe('discover deck', () => {
  it('shows the best candidate first; a like goes to the server and the next person comes up', async () => {
    const server = fakeApi({
      [DISCOVER]: json(200, { items: [ada, bea] }),
      [SWIPE]: json(200, { matched: false }),
    });
    renderWithApp(<DiscoverDeck />);

    expect(await screen.findByRole('heading', { name: /Ada/ })).toBeInTheDocument();
    fireEvent.click(likeButton());

    expect(topCard()).toHaveTextContent('Bea');
    expect(announcement()).toHaveTextContent('You liked Ada. Next: Bea, 31.');
    await waitFor(() =>
      expect(server.calls.at(-1)).toEqual({
        method: 'POST',
        path: '/api/swipes',
        body: { targetUserId: ada.userId, decision: 'like' },
      }),
    );
  });

  it('puts back exactly the person passed by mistake with Undo', async () => {
    const server = fakeApi({
      [DISCOVER]: json(200, { items: [ada, bea] }),
      [SWIPE]: json(200, { matched: false }),
      'POST /api/swipes/undo': json(200, { targetUserId: ada.userId, user: ada }),
    });
    renderWithApp(<DiscoverDeck />);
    await screen.findByRole('heading', { name: /Ada/ });
    fireEvent.click(passButton());
    expect(topCard()).toHaveTextContent('Bea');

    fireEvent.click(await screen.findByRole('button', { name: 'Undo pass on Ada' }));

    await waitFor(() => expect(topCard()).toHaveTextContent('Ada'));
    expect(server.calls.map((call) => `${call.method} ${call.path}`)).toContain('POST /api/swipes/undo');
    expect(screen.queryByRole('button', { name: /^Undo pass/ })).toBeNull();
  });

  it('passes with the keyboard (left arrow)', async () => {
    const server = fakeApi({
      [DISCOVER]: json(200, { items: [ada, bea] }),
      [SWIPE]: json(200, { matched: false }),
    });
    renderWithApp(<DiscoverDeck />);
    await screen.findByRole('heading', { name: /Ada/ });

    fireEvent.keyDown(document.body, { key: 'ArrowLeft' });

    expect(topCard()).toHaveTextContent('Bea');
    await waitFor(() =>
      expect(server.calls.at(-1)?.body).toEqual({ targetUserId: ada.userId, decision: 'pass' }),
    );
  });

  it('opens the match dialog when the like was mutual', async () => {
    const match: MatchSummary = {
      matchId: '01HZX3K5B7Q9W2E4R6T8Y0M999',
      user: ada,
      createdAt: '2026-11-25T12:00:00.000Z',
      lastActivityAt: '2026-11-25T12:00:00.000Z',
      lastMessage: null,
      unreadCount: 0,
    };
    fakeApi({ [DISCOVER]: json(200, { items: [ada, bea] }), [SWIPE]: json(200, { matched: true, match }) });
    renderWithApp(
      <>
        <DiscoverDeck />
        <MatchAnnouncementDialog />
      </>,
    );
    await screen.findByRole('heading', { name: /Ada/ });

    fireEvent.click(likeButton());

    expect(await screen.findByText('It’s a match!')).toBeInTheDocument();
    const sendMessage = screen.getByRole('link', { name: 'Send a message' });
    expect(sendMessage).toHaveAttribute('href', `/matches/${match.matchId}/chat`);
    fireEvent.click(screen.getByRole('button', { name: 'Keep looking' }));
    await waitFor(() => expect(screen.queryByText('It’s a match!')).not.toBeInTheDocument());
  });

  it('puts the card back on top with the reason when the like was not sent', async () => {
    fakeApi({
      [DISCOVER]: json(200, { items: [ada, bea] }),
      [SWIPE]: apiError(500, 'internal', 'The server had a problem.'),
    });
    renderWithApp(<DiscoverDeck />);
    await screen.findByRole('heading', { name: /Ada/ });

    fireEvent.click(likeButton());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your like was not sent: The server had a problem. Ada is back on top.',
    );
    expect(topCard()).toHaveTextContent('Ada');
  });

  it('pauses the buttons for the wait a rate limit asks for', async () => {
    fakeApi({
      [DISCOVER]: json(200, { items: [ada, bea] }),
      [SWIPE]: new Response(
        JSON.stringify({ error: { code: 'rate_limited', message: 'Too many swipes.' } }),
        { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '600' } },
      ),
    });
    renderWithApp(<DiscoverDeck />);
    await screen.findByRole('heading', { name: /Ada/ });

    fireEvent.click(likeButton());

    expect(
      await screen.findByText(/Take a break: you can carry on in about 10 minutes\. Ada is still here\./),
    ).toBeInTheDocument();
    expect(likeButton()).toBeDisabled();
    expect(passButton()).toBeDisabled();
  });

  it('says when there is no one new, and looks again on request', async () => {
    const server = fakeApi({ [DISCOVER]: json(200, { items: [] }) });
    renderWithApp(<DiscoverDeck />);

    expect(await screen.findByRole('heading', { name: 'No one new nearby' })).toBeInTheDocument();
    server.on(DISCOVER, json(200, { items: [bea] }));
    fireEvent.click(screen.getByRole('button', { name: 'Look again' }));

    expect(await screen.findByRole('heading', { name: /Bea/ })).toBeInTheDocument();
  });

  it('explains an unconfirmed address instead of an error when discovery needs one (403)', async () => {
    fakeApi({
      [DISCOVER]: apiError(403, 'email_unverified', 'Confirm your email address first.'),
    });
    renderWithApp(<DiscoverDeck />);

    const title = await screen.findByText('Confirm your email address to see people near you.');
    expect(title.closest('[role="status"]')).toHaveTextContent(
      'Use “Resend the link” in the banner at the top of this page.',
    );
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('explains an unconfirmed address when a like is refused for it (403)', async () => {
    fakeApi({
      [DISCOVER]: json(200, { items: [ada, bea] }),
      [SWIPE]: apiError(403, 'email_unverified', 'Confirm your email address first.'),
    });
    renderWithApp(<DiscoverDeck />);
    await screen.findByRole('heading', { name: /Ada/ });

    fireEvent.click(likeButton());

    expect(await screen.findByText('Confirm your email address to like people.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(topCard()).toHaveTextContent('Ada');
  });
});
