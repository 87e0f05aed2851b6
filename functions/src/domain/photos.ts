import { MAX_PHOTO_BYTES, MAX_PHOTOS, photoContentTypes } from '../contract/photos';

/** The photo rules (docs/api.md, Photos); pure, shared by services, adapters and runtimes. */

/** Pending and ready photos a user may hold (rejected ones do not count). */
export const MAX_PHOTOS_PER_USER = MAX_PHOTOS;

/** Rejected photos kept for the owner to see; older ones are pruned when a new upload starts. */
export const MAX_REJECTED_PHOTOS_KEPT = 6;

/** Largest accepted upload (413 `payload_too_large` over 10 MB). */
export const MAX_UPLOAD_BYTES = MAX_PHOTO_BYTES;

/** How long a presigned upload stays usable. */
export const UPLOAD_TTL_SECONDS = 5 * 60;

/**
 * A photo still pending this long after its upload started will never be processed (the upload never came,
 * or its event was lost for good): it is rejected as `upload_expired`, which frees its slot.
 */
export const PENDING_PHOTO_TIMEOUT_SECONDS = UPLOAD_TTL_SECONDS + 10 * 60;

/** Decoded pixels (width x height from the header) above this are refused before decoding: pixel bombs. */
export const MAX_INPUT_PIXELS = 25_000_000;

export const PHOTO_CONTENT_TYPES = photoContentTypes;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

/** Longest side in pixels of each WebP rendition; images are never upscaled. */
export const RENDITION_SIZES = { thumb: 256, display: 1080 } as const;
export type RenditionName = keyof typeof RENDITION_SIZES;

/**
 * How long a browser or CloudFront may keep a rendition: a deleted photo, an erased account or a blocker's
 * re-keyed photos stop being served within this time (docs/decisions/0100-media-urls-and-caching.md).
 * The CloudFront cache policy of `/media/*` caps its TTL at the same value (infra/lib/media-caching.ts).
 */
export const MEDIA_MAX_AGE_SECONDS = 60;

/**
 * Sent with every rendition (stored with the object, and by the lab's `/media/*`). Not `immutable`: the
 * object goes away when the photo does, and a cache must ask again after a minute.
 */
export const MEDIA_CACHE_CONTROL = `public, max-age=${MEDIA_MAX_AGE_SECONDS}`;

/** Why a photo was rejected (`rejectReason` in the API). */
export const PHOTO_REJECT_REASONS = [
  'unsupported_type',
  'corrupt_image',
  'too_many_pixels',
  'too_large',
  'upload_expired',
] as const;
export type PhotoRejectReason = (typeof PHOTO_REJECT_REASONS)[number];

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** Where the browser uploads the original; only the photo handler reads it, then deletes it. */
export const uploadKey = (userId: string, photoId: string) => `uploads/${userId}/${photoId}`;

const uploadKeyPattern = new RegExp(`^uploads/(${ULID})/(${ULID})$`);

/** The owner and photo of an upload key, or null for any other key. */
export function parseUploadKey(key: string): { userId: string; photoId: string } | null {
  const match = uploadKeyPattern.exec(key);
  return match?.[1] && match[2] ? { userId: match[1], photoId: match[2] } : null;
}

/**
 * A photo's media token: 128 random bits as 32 lowercase hex digits, made when the upload starts and replaced
 * when the renditions are re-keyed. Rendition keys (and so URLs) hold only this token, never the user or photo
 * id. Photos stored before tokens existed have none (null) and keep their legacy keys until re-keyed.
 */
const MEDIA_TOKEN = '[0-9a-f]{32}';

/** What names a photo's renditions: its token, or (legacy, token null) the owner and photo ids. */
export interface PhotoMediaRef {
  userId: string;
  id: string;
  mediaToken: string | null;
}

const renditionNames = Object.keys(RENDITION_SIZES) as RenditionName[];

export const renditionKey = (photo: PhotoMediaRef, name: RenditionName) =>
  photo.mediaToken === null
    ? `media/${photo.userId}/${photo.id}/${RENDITION_SIZES[name]}.webp`
    : `media/${photo.mediaToken}/${RENDITION_SIZES[name]}.webp`;

export const renditionKeys = (photo: PhotoMediaRef) =>
  renditionNames.map((name) => renditionKey(photo, name));

/** Every object a photo may own: the upload and its renditions. */
export const photoObjectKeys = (photo: PhotoMediaRef) => [
  uploadKey(photo.userId, photo.id),
  ...renditionKeys(photo),
];

/**
 * The only keys `/media/*` serves: renditions, under a media token or (photos stored before tokens existed)
 * under the legacy owner and photo ids. A whitelist, not a sanitizer: nothing else (uploads, traversal,
 * directories) can ever match.
 */
export const mediaKeyPattern = new RegExp(
  `^media/(?:${MEDIA_TOKEN}|${ULID}/${ULID})/(?:${renditionNames.map((name) => RENDITION_SIZES[name]).join('|')})\\.webp$`,
);

/**
 * A rendition's URL: the key under the site's origin. CloudFront's `/media/*` behaviour maps it onto the
 * bucket's `media/` prefix on AWS; the lab runtime serves the same paths from its blob store.
 */
export const mediaUrl = (key: string) => `/${key}`;
