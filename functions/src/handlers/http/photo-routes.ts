import { ErrorEnvelope } from '../../contract/errors';
import {
  PhotoIdParams,
  PhotoList,
  PhotoOrder,
  PhotoResult,
  PhotoUploadStarted,
  StartPhotoUpload,
} from '../../contract/photos';
import {
  completePhotoUpload,
  deletePhoto,
  listPhotos,
  reorderPhotos,
  startPhotoUpload,
} from '../../services/photos/photo-service';
import { defineRoute, json, noContent } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

export const photoRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/photos',
    group: 'photos',
    summary:
      'Start a photo upload: reserves a slot and answers a presigned POST (5 min, exact type, <= 10 MB)',
    tags: ['photos'],
    auth: true,
    body: StartPhotoUpload,
    responses: {
      201: { description: 'Pending photo and its presigned POST', schema: PhotoUploadStarted },
      400: error('contentType is not image/jpeg, image/png or image/webp, or size is not a positive integer'),
      409: error('photo_limit: 6 photos (pending or ready) already'),
      413: error('payload_too_large: size over 10 MB'),
    },
    handle: async ({ deps, caller, body }) => json(201, await startPhotoUpload(deps, caller.userId, body)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/photos',
    group: 'photos',
    summary: 'The caller’s photos: ready ones in their order (first = primary), then pending and rejected',
    tags: ['photos'],
    auth: true,
    responses: { 200: { description: 'Own photos (never more than one page)', schema: PhotoList } },
    handle: async ({ deps, caller }) =>
      json(200, { items: await listPhotos(deps, caller.userId), nextCursor: null }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/photos/order',
    group: 'photos',
    summary: 'Order the ready photos; photoIds must be exactly the ready photo ids, the first is primary',
    tags: ['photos'],
    auth: true,
    body: PhotoOrder,
    responses: {
      200: { description: 'Own photos in the new order', schema: PhotoList },
      409: error('conflict: photoIds is not exactly the set of ready photo ids (details.readyPhotoIds)'),
    },
    handle: async ({ deps, caller, body }) =>
      json(200, { items: await reorderPhotos(deps, caller.userId, body.photoIds), nextCursor: null }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/photos/{photoId}/complete',
    group: 'photos',
    summary:
      'Tell the server an upload finished: processes it where no storage event does (lab with BLOBS=s3), ' +
      'otherwise answers the current status; idempotent',
    tags: ['photos'],
    auth: true,
    params: PhotoIdParams,
    responses: {
      200: { description: 'The photo: pending (still processing), ready or rejected', schema: PhotoResult },
      404: error('Unknown photo, or not the caller’s'),
      409: error('conflict: the upload has not arrived yet'),
    },
    handle: async ({ deps, caller, params }) =>
      json(200, { photo: await completePhotoUpload(deps, caller.userId, params.photoId) }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/photos/{photoId}',
    group: 'photos',
    summary: 'Delete a photo and its stored objects (original and renditions)',
    tags: ['photos'],
    auth: true,
    params: PhotoIdParams,
    responses: { 204: { description: 'Deleted' }, 404: error('Unknown photo, or not the caller’s') },
    handle: async ({ deps, caller, params }) => {
      await deletePhoto(deps, caller.userId, params.photoId);
      return noContent();
    },
  }),
];
