import type { MailMessage, MailOutbox } from '../../src/ports/mailer';

/** An outbox that keeps what it is given: tests read the mail a use case queued. */
export interface RecordingOutbox extends MailOutbox {
  readonly queued: MailMessage[];
}

export function createRecordingOutbox(): RecordingOutbox {
  const queued: MailMessage[] = [];
  return {
    queued,
    async enqueue(message) {
      queued.push(message);
    },
    async forgetUser(userId) {
      for (let index = queued.length - 1; index >= 0; index -= 1) {
        if (queued[index]?.userId === userId) queued.splice(index, 1);
      }
    },
    idle: () => Promise.resolve(),
    async close() {},
  };
}
