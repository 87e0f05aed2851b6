import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { S3Event } from 'aws-lambda';
import busboy from 'busboy';
import { type AcceptedUpload, verifyUploadForm } from '../../adapters/fs/upload-policy';
import type { UsedUploadPolicies } from '../../adapters/fs/used-upload-policies';
import type { BlobStore } from '../../ports/blob-store';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { acceptBody } from './request-body';
import { type S3ErrorAnswer, sendS3Error } from './s3-error-response';
import { objectCreatedPostEvent } from './s3-event';

export interface UploadEndpointOptions {
  /** Where accepted uploads are stored (the filesystem store that signed the policy). */
  blobs: BlobStore;
  /** The HMAC key the blob store signs upload policies with. */
  secret: Uint8Array;
  /** Hard cap, whatever a policy says: no upload larger than this is ever read. */
  maxObjectBytes: number;
  /** Uploads received at once (each holds up to `maxObjectBytes`); more answer 503 SlowDown. */
  maxConcurrentUploads: number;
  /** Where used policies are remembered: each policy stores one object, once. */
  usedPolicies: UsedUploadPolicies;
  /** Names in the S3 event records. */
  bucket: string;
  region: string;
  clock: Clock;
  log: Logger;
  /** What S3's event notification invokes on AWS: the photo handler. */
  onObjectCreated: (event: S3Event) => Promise<void>;
}

export interface UploadEndpoint {
  handle(request: IncomingMessage, response: ServerResponse, sourceIp: string): Promise<void>;
  /** Resolves when every event invocation started so far has finished (graceful shutdown, tests). */
  idle(): Promise<void>;
  /** Uploads being received plus photo-processing runs not finished yet (metrics). */
  readonly inFlight: number;
}

/** Form fields are small (the policy is the largest); the file is the only big part. */
const FIELD_BYTES = 16 * 1024;
const MAX_FIELDS = 20;
const FORM_OVERHEAD_BYTES = 256 * 1024;
/** Lambda retries a failed asynchronous invocation twice; so does the lab. */
const EVENT_ATTEMPTS = 3;
const EVENT_RETRY_DELAY_MS = 1_000;

const s3Error = (
  status: number,
  code: string,
  message: string,
  extra?: S3ErrorAnswer['extra'],
): S3ErrorAnswer => ({
  status,
  code,
  message,
  ...(extra ? { extra } : {}),
});

/** What S3 answers a client that should back off; `Retry-After` says when to try again. */
const slowDown = s3Error(503, 'SlowDown', 'Please reduce your request rate.');
const RETRY_AFTER_SECONDS = 1;

/** S3 has no single-use policies; the lab refuses a second use like an expired policy. */
const alreadyUsed = s3Error(
  403,
  'AccessDenied',
  'Invalid according to Policy: Policy has already been used.',
);

const tooLarge = (maxBytes: number) =>
  s3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
    MaxSizeAllowed: maxBytes,
  });

class Refusal extends Error {
  constructor(readonly answer: S3ErrorAnswer) {
    super(answer.message);
  }
}

/**
 * The lab's stand-in for S3's browser POST upload (`POST /uploads`): checks the form against its signed policy
 * the way S3 does (signature, expiry, exact key and Content-Type, no uncovered fields, size range), streams the
 * file with a hard cap (never holding more than the policy's maximum), stores the object only when everything
 * passed, answers like S3 (204, or an S3 XML error), then invokes the photo handler with the `ObjectCreated:Post`
 * event S3 would send. A refused upload stores nothing.
 *
 * Beyond S3: at most `maxConcurrentUploads` are received at once (more answer 503 `SlowDown` with
 * `Retry-After`, before a byte of their body is read), and a policy stores one object only: a second POST
 * with it answers 403 AccessDenied, in this process or another replica sharing the volume.
 */
export function createUploadEndpoint(options: UploadEndpointOptions): UploadEndpoint {
  const inFlight = new Set<Promise<void>>();
  let receiving = 0;

  const deliver = (event: S3Event) => {
    const run = (async () => {
      for (let attempt = 1; attempt <= EVENT_ATTEMPTS; attempt += 1) {
        try {
          await options.onObjectCreated(event);
          return;
        } catch (error) {
          options.log.error('photo handler failed for an upload event', {
            attempt,
            key: event.Records[0]?.s3.object.key,
            error,
          });
          if (attempt < EVENT_ATTEMPTS)
            await new Promise((resolve) => setTimeout(resolve, EVENT_RETRY_DELAY_MS * attempt));
        }
      }
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  };

  return {
    get inFlight() {
      return receiving + inFlight.size;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },

    async handle(request, response, sourceIp) {
      if (request.method !== 'POST') {
        const answer = s3Error(
          405,
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
        );
        sendS3Error(response, answer, { allow: 'POST' });
        return;
      }
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxObjectBytes + FORM_OVERHEAD_BYTES) {
        refuse(request, response, tooLarge(options.maxObjectBytes));
        return;
      }
      if (receiving >= options.maxConcurrentUploads) {
        refuse(request, response, slowDown, { 'retry-after': String(RETRY_AFTER_SECONDS) });
        return;
      }
      receiving += 1;
      let upload: ReceivedUpload;
      try {
        acceptBody(request, response);
        upload = await receiveUpload(request, options);
        // The claim comes last, so a failed upload leaves its policy usable for a retry.
        if (!(await options.usedPolicies.claim(upload.policy))) throw new Refusal(alreadyUsed);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        refuse(request, response, error.answer);
        return;
      } finally {
        receiving -= 1;
      }
      await options.blobs.put(upload.key, upload.body, { contentType: upload.contentType });
      const etag = createHash('md5').update(upload.body).digest('hex');
      response.writeHead(204, { etag: `"${etag}"`, 'cache-control': 'no-store' });
      response.end();
      deliver(
        objectCreatedPostEvent({
          bucket: options.bucket,
          key: upload.key,
          size: upload.body.byteLength,
          body: upload.body,
          sourceIp,
          region: options.region,
          eventTime: options.clock.now(),
        }),
      );
    },
  };
}

/** Answers the refusal, then closes the connection without reading (much) more of a body we will not use. */
function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  answer: S3ErrorAnswer,
  headers: Record<string, string> = {},
): void {
  request.unpipe();
  response.setHeader('connection', 'close');
  sendS3Error(response, answer, headers);
  response.once('finish', () => {
    const socket = request.socket;
    socket.end();
    // Like a lingering close: discard what is in flight for a moment, so the client reads our answer
    // instead of a reset, then cut the line.
    const timer = setTimeout(() => socket.destroy(), 2_000);
    socket.once('close', () => clearTimeout(timer));
    request.resume();
  });
}

interface ReceivedUpload {
  key: string;
  contentType: string;
  body: Uint8Array;
  policy: Pick<AcceptedUpload, 'signature' | 'expiresAt'>;
}

/** Parses the multipart form as it streams; throws Refusal with S3's answer for anything S3 would refuse. */
function receiveUpload(request: IncomingMessage, options: UploadEndpointOptions): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: {
          fields: MAX_FIELDS,
          fieldSize: FIELD_BYTES,
          files: 1,
          parts: MAX_FIELDS + 1,
          fileSize: options.maxObjectBytes + 1,
        },
      });
    } catch {
      reject(
        new Refusal(
          s3Error(412, 'PreconditionFailed', 'Bucket POST must be of the enclosure-type multipart/form-data'),
        ),
      );
      return;
    }

    const fields = new Map<string, string>();
    let settled = false;
    let received: ReceivedUpload | null = null;
    let fileSeen = false;
    const fail = (answer: S3ErrorAnswer) => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      reject(new Refusal(answer));
    };

    parser.on('field', (name, value, info) => {
      if (fileSeen) return; // S3 ignores fields after the file
      if (info.valueTruncated || info.nameTruncated) {
        fail(s3Error(400, 'InvalidArgument', `The form field ${name.slice(0, 64)} is too long`));
      } else if ([...fields.keys()].some((existing) => existing.toLowerCase() === name.toLowerCase())) {
        fail(s3Error(400, 'InvalidArgument', `POST form fields must not repeat: ${name.slice(0, 64)}`));
      } else {
        fields.set(name, value);
      }
    });
    parser.on('fieldsLimit', () => fail(s3Error(400, 'InvalidArgument', 'Too many form fields')));
    parser.on('filesLimit', () =>
      fail(s3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request, named file')),
    );
    parser.on('partsLimit', () => fail(s3Error(400, 'InvalidArgument', 'Too many form parts')));

    parser.on('file', (name: string, stream: Readable) => {
      if (fileSeen || name !== 'file') {
        stream.resume();
        fail(
          s3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request, named file'),
        );
        return;
      }
      fileSeen = true;
      const verdict = verifyUploadForm(options.secret, fields, options.clock.now());
      if (!verdict.ok) {
        stream.resume();
        fail(verdict.violation);
        return;
      }
      const { upload } = verdict;
      // A used policy is refused without reading its file (the claim after reading settles races).
      void options.usedPolicies.isUsed(upload).then(
        (used) => {
          if (!used || settled) return;
          stream.resume();
          fail(alreadyUsed);
        },
        () => undefined,
      );
      const maxBytes = Math.min(upload.maxBytes, options.maxObjectBytes);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) {
          chunks.length = 0;
          stream.resume();
          fail(tooLarge(maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => {
        if (settled) return;
        if (size < upload.minBytes) {
          fail(
            s3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
              MinSizeAllowed: upload.minBytes,
            }),
          );
          return;
        }
        received = {
          key: upload.key,
          contentType: upload.contentType,
          body: Buffer.concat(chunks, size),
          policy: upload,
        };
      });
    });

    parser.on('close', () => {
      if (settled) return;
      if (!received) {
        fail(
          s3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request, named file'),
        );
        return;
      }
      settled = true;
      resolve(received);
    });
    parser.on('error', () =>
      fail(
        s3Error(
          400,
          'MalformedPOSTRequest',
          'The body of your POST request is not well-formed multipart/form-data.',
        ),
      ),
    );
    request.on('aborted', () => fail(s3Error(400, 'IncompleteBody', 'The request body was incomplete')));
    request.pipe(parser);
  });
}
