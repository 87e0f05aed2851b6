import {
  type Photo,
  PhotoResult,
  PhotoUploadStarted,
  type StartPhotoUpload,
} from '@dating/functions/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { env } from '../../../config/env';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { PhotoContentType } from '../photo-rules';
import { buildUploadForm, type PresignedPost, resolveUploadUrl, storageRefusalMessage } from '../upload-form';
import { deletePhoto } from './delete-photo';

/** Reserves a photo slot; answers the pending photo and a presigned POST for its file. */
export const startPhotoUpload = (input: StartPhotoUpload): Promise<PhotoUploadStarted> =>
  api.request('POST', '/api/photos', { body: input, schema: PhotoUploadStarted });

/** Tells the server the file is stored (processes it where no storage event does); answers its status. */
export const completePhotoUpload = async (photoId: string): Promise<Photo> =>
  (
    await api.request('POST', `/api/photos/${encodeURIComponent(photoId)}/complete`, {
      schema: PhotoResult,
    })
  ).photo;

/** The photo storage refused the file or could not be reached. */
export class StorageUploadError extends Error {
  override readonly name = 'StorageUploadError';
}

export interface StorageUploadOptions {
  /** 0..1 as the bytes leave the browser. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Tests pass a fake. */
  createRequest?: () => XMLHttpRequest;
}

/**
 * Sends the file with the presigned POST. XMLHttpRequest, not fetch: only it reports upload progress. No
 * credentials travel: the signed policy is the permission.
 */
export function sendToStorage(
  upload: PresignedPost,
  file: Blob,
  { onProgress, signal, createRequest = () => new XMLHttpRequest() }: StorageUploadOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const request = createRequest();
    const abort = () => request.abort();
    const settle = () => signal?.removeEventListener('abort', abort);
    request.open('POST', resolveUploadUrl(upload.url, env.apiOrigin));
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      settle();
      if (request.status >= 200 && request.status < 300) {
        onProgress?.(1);
        resolve();
      } else {
        reject(new StorageUploadError(storageRefusalMessage(request.status, request.responseText)));
      }
    });
    request.addEventListener('error', () => {
      settle();
      reject(new StorageUploadError('The upload was interrupted. Check your connection and try again.'));
    });
    request.addEventListener('abort', () => {
      settle();
      reject(signal?.reason ?? new DOMException('The upload was cancelled', 'AbortError'));
    });
    signal?.addEventListener('abort', abort, { once: true });
    request.send(buildUploadForm(upload.fields, file));
  });
}

export interface UploadPhotoInput {
  file: Blob;
  contentType: PhotoContentType;
  /** The slot is reserved: the photo now shows in the list as pending. */
  onStarted?: (photo: Photo) => void;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** The server may still be settling the stored file; one more try before leaving it to the polling. */
async function reportComplete(photo: Photo): Promise<Photo> {
  for (const delay of [0, 1000]) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      return await completePhotoUpload(photo.id);
    } catch {
      // The storage event may process it anyway; the list's polling shows what happened.
    }
  }
  return photo;
}

/**
 * The whole upload: reserve a slot, send the file to storage, report it complete. When the file cannot be sent
 * the reserved photo is deleted at once; otherwise it would hold a slot until it expires.
 */
export async function uploadPhoto({
  file,
  contentType,
  onStarted,
  onProgress,
  signal,
}: UploadPhotoInput): Promise<Photo> {
  const { photo, upload } = await startPhotoUpload({ contentType, size: file.size });
  onStarted?.(photo);
  try {
    await sendToStorage(upload, file, { onProgress, signal });
  } catch (error) {
    await deletePhoto(photo.id).catch(() => undefined);
    throw error;
  }
  return reportComplete(photo);
}

/** Uploads one photo; the photo list refreshes as soon as the slot is reserved and again when it is stored. */
export const useUploadPhoto = () => {
  const queryClient = useQueryClient();
  const refreshPhotos = () => queryClient.invalidateQueries({ queryKey: queryKeys.photos });
  return useMutation({
    mutationFn: (input: UploadPhotoInput) =>
      uploadPhoto({
        ...input,
        onStarted: (photo) => {
          queryClient.setQueryData<Photo[]>(queryKeys.photos, (photos) =>
            photos && !photos.some((existing) => existing.id === photo.id) ? [...photos, photo] : photos,
          );
          input.onStarted?.(photo);
        },
      }),
    onSettled: () => {
      void refreshPhotos();
      void queryClient.invalidateQueries({ queryKey: queryKeys.ownProfile });
    },
  });
};
