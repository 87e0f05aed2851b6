import type { ModerationActionRequest, QueueItem } from '@dating/functions/contract';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { LoadError } from '../../../components/ui/load-error';
import { PageHeading } from '../../../components/ui/page-heading';
import { PageLoader } from '../../../components/ui/page-loader';
import { formatDay as formatDate } from '../../../lib/format-date';
import { useModerationQueue } from '../api/get-queue';
import { useResolveAppeal, useTakeModerationAction } from '../api/take-action';

const SUSPENSION_DAYS = 7;

/** The keys of keyboard-first triage (shown on the buttons, announced through aria-keyshortcuts). */
const shortcuts = {
  next: 'j',
  previous: 'k',
  dismiss: 'd',
  warn: 'w',
  suspend: 's',
  ban: 'b',
  note: 'n',
} as const;

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * `/moderation`: one queue item at a time, most urgent first. Keyboard: j/k next and previous, n to write the
 * note, then d dismiss, w warn, s suspend for 7 days, b ban (outside the note field). Every action needs a note.
 */
export function ModerationConsole() {
  const queue = useModerationQueue();
  const action = useTakeModerationAction();
  const appeal = useResolveAppeal();
  const [index, setIndex] = useState(0);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const noteField = useRef<HTMLTextAreaElement>(null);
  const items = queue.data?.items ?? [];
  const item = items[Math.min(index, Math.max(items.length - 1, 0))];

  const decide = (request: Omit<ModerationActionRequest, 'note'>) => {
    if (!item || action.isPending) return;
    if (note.trim() === '') {
      setStatus('Write a note first: the person and the audit log see it.');
      noteField.current?.focus();
      return;
    }
    action.mutate(
      { userId: item.subject.userId, request: { ...request, note: note.trim() } },
      {
        onSuccess: () => {
          setStatus(
            `Done: ${request.action.replace('_', ' ')} for ${item.subject.profile?.displayName ?? 'this person'}.`,
          );
          setNote('');
        },
      },
    );
  };

  const answerAppeal = (outcome: 'upheld' | 'lifted') => {
    if (!item?.appeal || appeal.isPending) return;
    if (note.trim() === '') {
      setStatus('Write a note first: the person and the audit log see it.');
      noteField.current?.focus();
      return;
    }
    appeal.mutate(
      { userId: item.subject.userId, decisionId: item.appeal.decisionId, outcome, note: note.trim() },
      {
        onSuccess: () => {
          setStatus(`Appeal ${outcome}.`);
          setNote('');
        },
      },
    );
  };

  const onKey = useRef<(event: KeyboardEvent) => void>(() => {});
  onKey.current = (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (isTyping(event.target)) {
      if (event.key === 'Escape') (event.target as HTMLElement).blur();
      return;
    }
    const key = event.key.toLowerCase();
    if (key === shortcuts.next) setIndex((current) => Math.min(current + 1, Math.max(items.length - 1, 0)));
    else if (key === shortcuts.previous) setIndex((current) => Math.max(current - 1, 0));
    else if (key === shortcuts.note) noteField.current?.focus();
    else if (item?.kind === 'reports' && key === shortcuts.dismiss) decide({ action: 'dismiss' });
    else if (item?.kind === 'reports' && key === shortcuts.warn) decide({ action: 'warn' });
    else if (item?.kind === 'reports' && key === shortcuts.suspend)
      decide({ action: 'suspend', days: SUSPENSION_DAYS });
    else if (item?.kind === 'reports' && key === shortcuts.ban) decide({ action: 'ban' });
    else return;
    event.preventDefault();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  if (queue.isPending) return <PageLoader />;
  if (queue.isError) return <LoadError title="The queue could not be loaded." query={queue} />;

  return (
    <section className="stack" aria-label="Moderation queue">
      <PageHeading title="Moderation">
        Keys: j next, k previous, n note, d dismiss, w warn, s suspend {SUSPENSION_DAYS} days, b ban.
      </PageHeading>
      <p role="status" aria-live="polite">
        {status ?? ''}
      </p>
      {action.error && <Alert title={action.error.message} />}
      {appeal.error && <Alert title={appeal.error.message} />}
      {!item ? (
        <p>The queue is empty.</p>
      ) : (
        <>
          <p>
            Item {Math.min(index, items.length - 1) + 1} of {items.length}
            {queue.data.nextCursor ? '+' : ''}
          </p>
          <QueueItemView item={item} />
          <label className="field">
            <span className="field__label">Note (shown to the person, kept in the audit log)</span>
            <textarea
              ref={noteField}
              name="note"
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              aria-keyshortcuts={shortcuts.note}
            />
          </label>
          {item.kind === 'reports' ? (
            <fieldset className="actions">
              <legend>Decision</legend>
              <Button variant="secondary" onClick={() => decide({ action: 'dismiss' })} aria-keyshortcuts="d">
                Dismiss (d)
              </Button>
              <Button variant="secondary" onClick={() => decide({ action: 'warn' })} aria-keyshortcuts="w">
                Warn (w)
              </Button>
              <Button
                variant="danger"
                onClick={() => decide({ action: 'suspend', days: SUSPENSION_DAYS })}
                aria-keyshortcuts="s"
                pending={action.isPending}
              >
                Suspend {SUSPENSION_DAYS} days (s)
              </Button>
              <Button variant="danger" onClick={() => decide({ action: 'ban' })} aria-keyshortcuts="b">
                Ban (b)
              </Button>
              {item.subject.photos.map((photo, position) => (
                <Button
                  key={photo.id}
                  variant="secondary"
                  onClick={() => decide({ action: 'remove_photo', photoId: photo.id })}
                >
                  Remove photo {position + 1}
                </Button>
              ))}
            </fieldset>
          ) : (
            <fieldset className="actions">
              <legend>Appeal</legend>
              <Button variant="secondary" onClick={() => answerAppeal('upheld')}>
                Keep the decision
              </Button>
              <Button variant="danger" onClick={() => answerAppeal('lifted')}>
                Lift it
              </Button>
            </fieldset>
          )}
        </>
      )}
    </section>
  );
}

function QueueItemView({ item }: { item: QueueItem }) {
  const { subject } = item;
  const name = subject.profile?.displayName ?? 'No profile';
  return (
    <article className="card stack" aria-label={`Queue item: ${name}`}>
      <h2>
        {name}
        {subject.profile ? `, ${subject.profile.age}` : ''}
      </h2>
      <p>
        {item.kind === 'appeal'
          ? 'Appeal'
          : `${item.reporterCount} reporter${item.reporterCount === 1 ? '' : 's'}`}{' '}
        · severity {item.severity} · waiting since {formatDate(item.openedAt)} · account {subject.status}
        {subject.suspendedUntil ? ` until ${formatDate(subject.suspendedUntil)}` : ''}
        {subject.hiddenForReview ? ' · hidden from discovery for review' : ''}
      </p>
      {subject.profile?.bio && <p>{subject.profile.bio}</p>}
      <ul className="photo-strip" aria-label="Photos">
        {subject.photos.map((photo, position) => (
          <li key={photo.id}>
            <img src={photo.urls.thumb} alt={`${name}, ${position + 1}`} width={128} height={128} />
          </li>
        ))}
        {subject.deletedPhotos.map((photo) => (
          <li key={photo.photoId}>
            <img
              src={photo.dataUrl}
              alt={`Deleted on ${formatDate(photo.deletedAt)}`}
              width={128}
              height={128}
            />
          </li>
        ))}
      </ul>
      {item.appeal && (
        <section aria-label="Appeal">
          <p>
            Decision: {item.appeal.action} on {formatDate(item.appeal.decidedAt)} — “{item.appeal.note}”
          </p>
          <p>Appeal: “{item.appeal.text}”</p>
        </section>
      )}
      {item.reports.length > 0 && (
        <ol aria-label="Reports">
          {item.reports.map((report) => (
            <li key={report.reportId}>
              <strong>{report.reason}</strong> on {formatDate(report.createdAt)}
              {report.details && <p>{report.details}</p>}
              {report.messages.length > 0 && (
                <ul aria-label="Attached messages">
                  {report.messages.map((message) => (
                    <li key={`${message.sentAt}-${message.from}-${message.text.slice(0, 16)}`}>
                      {message.from === 'reporter' ? 'Reporter' : name}: {message.text}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
