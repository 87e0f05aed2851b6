// @vitest-environment happy-dom
import type { Message, MessagePage } from '@dating/functions/contract';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi, json, type RecordedCall } from '../../../testing/fake-api';
import { fakeRealtime } from '../../../testing/fake-realtime';
import { renderWithApp } from '../../../testing/render';
import { ACK_TIMEOUT_MS, TYPING_SHOW_MS } from '../hooks/use-chat-session';
import { ChatView } from './chat-view';

const ME = '01HZX3K5B7Q9W2E4R6T8Y0M1AA';
const ADA = '01HZX3K5B7Q9W2E4R6T8Y0M1BB';
const CHAT = '01HZX3K5B7Q9W2E4R6T8Y0M1CC';
const MESSAGES = `GET /api/conversations/${CHAT}/messages`;
const SEND = `POST /api/conversations/${CHAT}/messages`;

/** Message ids in time order: id(1) < id(2) < … */
const id = (n: number) => `01JAAAAAAAAAAAAAAAAAAAA${String(n).padStart(3, '0')}`;
const message = (n: number, senderId: string, text: string, clientMessageId = `c${n}`): Message => ({
  id: id(n),
  conversationId: CHAT,
  senderId,
  text,
  clientMessageId,
  createdAt: new Date(Date.UTC(2026, 10, 25, 12, n)).toISOString(),
});
const page = (items: Message[], nextCursor: string | null = null, seenUpTo?: number): MessagePage => ({
  items,
  nextCursor,
  otherRead: seenUpTo ? { upToMessageId: id(seenUpTo), readAt: '2026-11-25T13:00:00.000Z' } : null,
});
const query = (call: RecordedCall) => new URL(call.path, 'http://app.test').searchParams;

function openChat(routes: Parameters<typeof fakeApi>[0], status: 'open' | 'closed' = 'open') {
  const server = fakeApi(routes);
  const socket = fakeRealtime(status);
  renderWithApp(<ChatView conversationId={CHAT} myId={ME} otherName="Ada" realtimeClient={socket.client} />);
  return { server, socket };
}
const log = () => screen.getByRole('log', { name: 'Conversation with Ada' });
/** The log once the history has loaded. */
const loadedLog = () => screen.findByRole('log', { name: 'Conversation with Ada' });
const messageBox = () => screen.getByRole('textbox', { name: 'Message' });
const write = (text: string) => {
  fireEvent.change(messageBox(), { target: { value: text } });
  fireEvent.keyDown(messageBox(), { key: 'Enter' });
};
const sentMessage = (frames: ReturnType<typeof fakeRealtime>['sent']) => {
  const frame = frames.find((sent) => sent.action === 'sendMessage');
  if (frame?.action !== 'sendMessage') throw new Error('no sendMessage frame');
  return frame;
};

describe('chat view', () => {
  it('shows the newest messages, "Seen" on mine the other side read, and marks the newest read', async () => {
    const { socket } = openChat({
      [MESSAGES]: json(200, page([message(2, ADA, 'Hello!'), message(1, ME, 'Hi Ada')], null, 1)),
    });

    expect(screen.getByText('Loading messages…')).toBeInTheDocument();
    const hi = await within(await loadedLog()).findByText('Hi Ada');
    expect(within(log()).getByText('Hello!')).toBeInTheDocument();
    expect(hi.closest('li')).toHaveTextContent('Seen');
    expect(socket.sent).toContainEqual({ action: 'markRead', conversationId: CHAT, upToMessageId: id(2) });
  });

  it('loads older messages before the oldest one on request', async () => {
    const { server } = openChat({
      [MESSAGES]: (call) =>
        json(
          200,
          query(call).get('before') === id(5)
            ? page([message(4, ADA, 'Earlier')])
            : page([message(6, ADA, 'Latest'), message(5, ME, 'Before that')], id(5)),
        ),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Load older messages' }));

    expect(await within(await loadedLog()).findByText('Earlier')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load older messages' })).not.toBeInTheDocument();
    expect(server.calls.map((call) => query(call).get('before'))).toEqual([null, id(5)]);
  });

  it('sends over the socket and shows "Sending…" until the server acknowledges', async () => {
    const { socket, server } = openChat({ [MESSAGES]: json(200, page([])) });
    expect(await screen.findByText('Say hello to Ada!')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();

    write('  Hello Ada  ');

    expect(within(log()).getByText('Hello Ada')).toBeInTheDocument();
    expect(screen.getByText('Sending…')).toBeInTheDocument();
    const frame = sentMessage(socket.sent);
    expect(frame).toMatchObject({ conversationId: CHAT, text: 'Hello Ada' });
    expect(messageBox()).toHaveValue('');

    const stored = message(3, ME, 'Hello Ada', frame.clientMessageId);
    socket.emit({ type: 'messageAck', clientMessageId: frame.clientMessageId, message: stored });

    expect(screen.queryByText('Sending…')).not.toBeInTheDocument();
    expect(within(log()).getAllByText('Hello Ada')).toHaveLength(1);
    expect(server.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('sends again over REST, with the same clientMessageId, when no acknowledgement comes in time', async () => {
    const { socket, server } = openChat({ [MESSAGES]: json(200, page([])) });
    await screen.findByText('Say hello to Ada!');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    server.on(SEND, (call) => {
      const body = call.body as { clientMessageId: string; text: string };
      return json(201, { message: message(7, ME, body.text, body.clientMessageId) });
    });

    write('Are you there?');
    const { clientMessageId } = sentMessage(socket.sent);
    act(() => vi.advanceTimersByTime(ACK_TIMEOUT_MS));

    await waitFor(() => expect(screen.queryByText('Sending…')).not.toBeInTheDocument());
    expect(server.calls.at(-1)).toEqual({
      method: 'POST',
      path: `/api/conversations/${CHAT}/messages`,
      body: { clientMessageId, text: 'Are you there?' },
    });
    expect(within(log()).getByText('Are you there?')).toBeInTheDocument();
  });

  it('uses REST while offline, and offers Retry when that fails too', async () => {
    const { server } = openChat(
      { [MESSAGES]: json(200, page([])), [SEND]: apiError(503, 'unavailable', 'Try again in a moment.') },
      'closed',
    );
    expect(await screen.findByText('Offline: reconnecting…')).toBeInTheDocument();

    write('Hello');

    expect(await screen.findByText(/Not sent: Try again in a moment\./)).toBeInTheDocument();
    server.on(SEND, (call) => {
      const body = call.body as { clientMessageId: string; text: string };
      return json(201, { message: message(8, ME, body.text, body.clientMessageId) });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(screen.queryByText(/Not sent/)).not.toBeInTheDocument());
    const posts = server.calls.filter((call) => call.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body).toEqual(posts[0]?.body);
  });

  it('shows "Ada is typing…" until her message arrives or a few seconds pass', async () => {
    const { socket } = openChat({ [MESSAGES]: json(200, page([message(1, ME, 'Hi')])) });
    await within(await loadedLog()).findByText('Hi');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });

    socket.emit({ type: 'typing', conversationId: CHAT, userId: ADA });
    expect(screen.getByText('Ada is typing…')).toBeInTheDocument();
    socket.emit({ type: 'message', message: message(2, ADA, 'Hi back') });
    expect(screen.queryByText('Ada is typing…')).not.toBeInTheDocument();
    expect(within(log()).getByText('Hi back')).toBeInTheDocument();

    socket.emit({ type: 'typing', conversationId: CHAT, userId: ADA });
    act(() => vi.advanceTimersByTime(TYPING_SHOW_MS));
    expect(screen.queryByText('Ada is typing…')).not.toBeInTheDocument();
  });

  it('tells the other side I am typing, at most every few seconds', async () => {
    const { socket } = openChat({ [MESSAGES]: json(200, page([])) });
    await screen.findByText('Say hello to Ada!');

    fireEvent.change(messageBox(), { target: { value: 'H' } });
    fireEvent.change(messageBox(), { target: { value: 'He' } });

    expect(socket.sent).toEqual([{ action: 'typing', conversationId: CHAT }]);
  });

  it('shows "Seen" when a read event covers my newest message', async () => {
    const { socket } = openChat({ [MESSAGES]: json(200, page([message(1, ME, 'Dinner?')])) });
    const dinner = await within(await loadedLog()).findByText('Dinner?');
    expect(dinner.closest('li')).not.toHaveTextContent('Seen');

    socket.emit({ type: 'read', conversationId: CHAT, userId: ADA, upToMessageId: id(1) });

    expect(dinner.closest('li')).toHaveTextContent('Seen');
  });

  it('catches up after a reconnect with the messages after the newest one it has', async () => {
    const { socket, server } = openChat({
      [MESSAGES]: (call) =>
        json(
          200,
          query(call).get('after') === id(1)
            ? page([message(2, ADA, 'Missed one'), message(3, ADA, 'And another')])
            : page([message(1, ME, 'Hi')]),
        ),
    });
    await within(await loadedLog()).findByText('Hi');

    socket.emit({ type: 'reconnected' });

    expect(await within(await loadedLog()).findByText('And another')).toBeInTheDocument();
    expect(within(log()).getByText('Missed one')).toBeInTheDocument();
    expect(server.calls.map((call) => query(call).get('after'))).toEqual([null, id(1)]);
  });

  it('ends the conversation when the match is gone or ends while open', async () => {
    fakeApi({ [MESSAGES]: apiError(404, 'not_found', 'No such conversation') });
    const socket = fakeRealtime();
    const view = renderWithApp(
      <ChatView conversationId={CHAT} myId={ME} otherName="Ada" realtimeClient={socket.client} />,
    );
    expect(await screen.findByText('This conversation has ended')).toBeInTheDocument();
    view.unmount();

    const open = openChat({ [MESSAGES]: json(200, page([message(1, ADA, 'Bye')])) });
    await within(await loadedLog()).findByText('Bye');
    open.socket.emit({ type: 'unmatched', matchId: CHAT });
    expect(screen.getByText('This conversation has ended')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Message' })).not.toBeInTheDocument();
  });

  it('says when the messages could not be loaded, and loads again on "Try again"', async () => {
    const { server } = openChat({ [MESSAGES]: apiError(500, 'internal', 'The server had a problem.') });
    expect(await screen.findByText('The messages could not be loaded.')).toBeInTheDocument();
    expect(screen.getByText('The server had a problem.')).toBeInTheDocument();

    server.on(MESSAGES, json(200, page([message(1, ADA, 'Back again')])));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await within(await loadedLog()).findByText('Back again')).toBeInTheDocument();
  });

  it('explains an unconfirmed address when a message is refused for it, over REST or the socket', async () => {
    const { socket, server } = openChat({
      [MESSAGES]: json(200, page([])),
      [SEND]: apiError(403, 'email_unverified', 'Confirm your email address first.'),
    });
    await screen.findByText('Say hello to Ada!');

    write('Hello Ada');
    const frame = sentMessage(socket.sent);
    socket.emit({
      type: 'error',
      code: 'email_unverified',
      message: 'Confirm your email address first.',
      clientMessageId: frame.clientMessageId,
    });

    expect(await screen.findByText('Confirm your email address to send messages.')).toBeInTheDocument();
    expect(screen.getByText(/Not sent: Confirm your email address first\./)).toBeInTheDocument();
    expect(server.calls.filter((call) => call.method === 'POST')).toEqual([]);
  });

  it('explains an unconfirmed address when REST refuses the message (socket closed)', async () => {
    openChat(
      {
        [MESSAGES]: json(200, page([])),
        [SEND]: apiError(403, 'email_unverified', 'Confirm your email address first.'),
      },
      'closed',
    );
    await screen.findByText('Say hello to Ada!');

    write('Hello Ada');

    expect(await screen.findByText('Confirm your email address to send messages.')).toBeInTheDocument();
  });
});
