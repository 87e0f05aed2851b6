import { expect } from 'vitest';
import type { ApiSession } from './api-session';

export interface StartedUpload {
  photo: { id: string; status: string; createdAt: string };
  upload: { url: string; fields: Record<string, string> };
}

export interface PhotoView {
  id: string;
  status: 'pending' | 'ready' | 'rejected';
  urls?: { thumb: string; display: string };
  rejectReason?: string;
  createdAt: string;
}

/** `POST /api/photos`, asserting 201. */
export async function startUpload(
  user: ApiSession,
  contentType: string,
  size: number,
): Promise<StartedUpload> {
  const response = await user.call<StartedUpload>('POST', '/api/photos', { body: { contentType, size } });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

export interface FormAnswer {
  status: number;
  text: string;
  /** S3's error code for XML answers. */
  code: string | undefined;
}

/** What a browser does with a presigned POST: the fields in order, then the file. */
export async function postUploadForm(
  baseUrl: string,
  upload: StartedUpload['upload'],
  file: Uint8Array,
  options: { filename?: string; fileType?: string; fields?: Record<string, string> } = {},
): Promise<FormAnswer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? upload.fields)) form.append(name, value);
  form.append(
    'file',
    new Blob([file], { type: options.fileType ?? 'image/jpeg' }),
    options.filename ?? 'photo.jpg',
  );
  const response = await fetch(new URL(upload.url, baseUrl), { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, text, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] };
}

/**
 * `POST /api/photos/{id}/complete`, asserting 200: what the SPA calls after every upload, in every world
 * (web/src/features/photos/api/upload-photo.ts). Where no storage event processes uploads (the lab with
 * BLOBS=s3) it processes the upload; elsewhere it only reports the status. Idempotent.
 */
export async function completeUpload(user: ApiSession, photoId: string): Promise<PhotoView> {
  const response = await user.call<{ photo: PhotoView }>('POST', `/api/photos/${photoId}/complete`);
  expect(response.status, response.text).toBe(200);
  return response.body.photo;
}

/** Polls `GET /api/photos` until the photo leaves `pending` (the processing is asynchronous). */
export async function waitForProcessed(
  user: ApiSession,
  photoId: string,
  timeoutMs = 15_000,
): Promise<PhotoView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await user.call<{ items: PhotoView[] }>('GET', '/api/photos');
    expect(list.status).toBe(200);
    const photo = list.body.items.find((item) => item.id === photoId);
    if (!photo) throw new Error(`photo ${photoId} is gone`);
    if (photo.status !== 'pending') return photo;
    if (Date.now() > deadline) throw new Error(`photo ${photoId} still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
