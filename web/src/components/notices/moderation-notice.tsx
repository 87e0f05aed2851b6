import { MAX_APPEAL_LENGTH, type ModerationNotice as Notice } from '@dating/functions/contract';
import { useState } from 'react';
import { formatDay } from '../../lib/format-date';
import { useDismissNotice, useSendAppeal } from '../../lib/moderation-notices';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

const what: Record<Notice['action'], string> = {
  warn: 'A moderator warned you',
  remove_photo: 'A moderator removed one of your photos',
  suspend: 'Your account is suspended',
  ban: 'Your account is banned',
};

/** What a moderator decided about the user, when it ends, and their one appeal. */
export function ModerationNotice({ notice, dismissible = true }: { notice: Notice; dismissible?: boolean }) {
  const dismiss = useDismissNotice();
  const [sent, setSent] = useState(false);
  const title = `${what[notice.action]}${notice.until ? ` until ${formatDay(notice.until)}` : ''}.`;
  return (
    <section className="card stack" aria-label="Moderation notice">
      <h2>{title}</h2>
      <p>
        Moderator’s note: “{notice.note}” ({formatDay(notice.decidedAt)})
      </p>
      {notice.appealStatus === 'pending' || sent ? (
        <p>Your appeal was sent; a moderator will look at it.</p>
      ) : notice.appealStatus === 'upheld' ? (
        <p>Your appeal was reviewed and the decision stands.</p>
      ) : notice.appealStatus === 'lifted' ? (
        <p>Your appeal was accepted: the decision was lifted.</p>
      ) : notice.appealToken ? (
        <AppealForm appealToken={notice.appealToken} onSent={() => setSent(true)} />
      ) : null}
      {dismissible && (
        <Button
          variant="secondary"
          onClick={() => dismiss.mutate(notice.decisionId)}
          pending={dismiss.isPending}
        >
          Got it
        </Button>
      )}
    </section>
  );
}

/** One appeal per decision: a short text for the moderators. */
export function AppealForm({ appealToken, onSent }: { appealToken: string; onSent: () => void }) {
  const [text, setText] = useState('');
  const appeal = useSendAppeal(onSent);
  return (
    <form
      className="form"
      aria-label="Appeal"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) appeal.mutate({ appealToken, text: text.trim() });
      }}
    >
      {appeal.error && <Alert title={appeal.error.message} />}
      <label className="field">
        <span className="field__label">Appeal this decision (once)</span>
        <textarea
          name="appeal"
          rows={3}
          maxLength={MAX_APPEAL_LENGTH}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          required
        />
      </label>
      <Button type="submit" pending={appeal.isPending}>
        Send appeal
      </Button>
    </form>
  );
}
