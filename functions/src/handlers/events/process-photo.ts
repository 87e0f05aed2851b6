import middy from '@middy/core';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { Deps } from '../../services/deps';
import { processUpload, type UploadProcessing } from '../../services/photos/process-upload';

export type PhotoEventHandler = (event: S3Event, context?: object) => Promise<void>;

/** S3 event keys are URL-encoded, with `+` for spaces. */
export const objectKeyOf = (record: S3EventRecord) =>
  decodeURIComponent(record.s3.object.key.replace(/\+/g, '%20'));

/**
 * The photo handler: S3 invokes it with `ObjectCreated` records for `uploads/` (AWS), and the lab runtime
 * with the same records after its emulated presigned POST. Each record is processed on its own; failures
 * (not rejected images, which are outcomes, but e.g. an unreachable store) are rethrown after the others
 * ran, so Lambda's retry redelivers the event and processing, being idempotent, finishes the job.
 */
export function createPhotoEventHandler(
  getDeps: () => Promise<Deps>,
  onProcessed?: (key: string, processing: UploadProcessing) => void,
): PhotoEventHandler {
  const handler = middy<S3Event, void>().handler(async (event) => {
    const deps = await getDeps();
    const failures: unknown[] = [];
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      const key = objectKeyOf(record);
      const log = deps.log.child({
        handler: 'process-photo',
        key,
        eventName: record.eventName,
        s3RequestId: record.responseElements?.['x-amz-request-id'],
      });
      try {
        const processing = await processUpload(deps, key, log);
        onProcessed?.(key, processing);
      } catch (error) {
        log.error('photo processing failed', {
          error: error,
        });
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} photo upload(s) failed`);
  });
  return handler as unknown as PhotoEventHandler;
}
