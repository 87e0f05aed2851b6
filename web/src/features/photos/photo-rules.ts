import { MAX_PHOTO_BYTES, MAX_PHOTOS, type Photo, type photoContentTypes } from '@dating/functions/contract';

export type PhotoContentType = (typeof photoContentTypes)[number];

/** A file the user picked or dropped; `File` in the browser, anything with the same shape in tests. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number): Blob;
}

export type PhotoFileCheck = { ok: true; contentType: PhotoContentType } | { ok: false; message: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((byte, index) => bytes[offset + index] === byte);

/**
 * The image type from the file's first bytes. The browser's `type` comes from the file name (and is empty for
 * many files), while the server judges by content: sniffing here gives the same verdict before uploading.
 */
export function sniffImageType(bytes: Uint8Array): PhotoContentType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'image/webp';
  }
  return null;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const MAX_MEGABYTES = MAX_PHOTO_BYTES / 1024 / 1024;

const isHeic = (file: PickedFile) => /^image\/hei[cf]/.test(file.type) || /\.hei[cf]$/i.test(file.name);

/** The checks the server makes, made first here so the user hears at once what is wrong and how to fix it. */
export async function checkPhotoFile(file: PickedFile): Promise<PhotoFileCheck> {
  if (file.size === 0) return { ok: false, message: `“${file.name}” is empty. Choose another photo.` };
  if (file.size > MAX_PHOTO_BYTES) {
    return {
      ok: false,
      message: `“${file.name}” is ${megabytes(file.size)}. Photos can be at most ${MAX_MEGABYTES} MB.`,
    };
  }
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const contentType = sniffImageType(head);
  if (contentType) return { ok: true, contentType };
  if (isHeic(file)) {
    return {
      ok: false,
      message: `“${file.name}” is a HEIC photo, which is not supported. Choose a JPEG, PNG or WebP image (on an iPhone, Settings › Camera › Formats › Most Compatible).`,
    };
  }
  return { ok: false, message: `“${file.name}” is not a JPEG, PNG or WebP image.` };
}

/** Pending and ready photos take a slot; rejected ones do not (at most 6, MAX_PHOTOS). */
export const photosInUse = (photos: readonly Photo[]) =>
  photos.filter((photo) => photo.status !== 'rejected').length;

export const slotsLeft = (photos: readonly Photo[]) => Math.max(0, MAX_PHOTOS - photosInUse(photos));

const rejectReasons: Record<string, string> = {
  unsupported_type: 'The file is not a JPEG, PNG or WebP image.',
  corrupt_image: 'The image could not be read; the file may be damaged.',
  too_many_pixels: 'The image has too many pixels (at most 25 megapixels).',
  too_large: `The file is larger than ${MAX_MEGABYTES} MB.`,
  upload_expired: 'The upload did not finish in time. Please upload it again.',
};

/** The server's reason code in words; an unknown code (a newer server) still says something useful. */
export const describeRejectReason = (reason: string | undefined) =>
  (reason && rejectReasons[reason]) ?? 'This photo could not be used. Please try another one.';
