import type { PushJob, PushQueue } from '../../src/ports/push';

export interface RecordingPushQueue extends PushQueue {
  readonly jobs: PushJob[];
}

/** Keeps what the services queue, for tests that call services directly. */
export function createRecordingPushQueue(): RecordingPushQueue {
  const jobs: PushJob[] = [];
  return {
    jobs,
    async enqueue(job) {
      jobs.push(job);
    },
    async forgetUser(userId) {
      for (let index = jobs.length - 1; index >= 0; index -= 1) {
        if (jobs[index]?.recipientId === userId) jobs.splice(index, 1);
      }
    },
    idle: () => Promise.resolve(),
    async close() {},
  };
}
