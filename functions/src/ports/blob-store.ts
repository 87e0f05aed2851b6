export interface PresignedUpload {
  /** Where the browser POSTs the multipart form (absolute for S3, same-origin path for the lab). */
  url: string;
  /** Form fields to send before `file`, exactly as given. */
  fields: Record<string, string>;
}

export interface UploadPolicy {
  /** The one key the upload may write. */
  key: string;
  /** The exact `Content-Type` form field the upload must carry. */
  contentType: string;
  /** Accepted sizes: 1..maxBytes. */
  maxBytes: number;
  expiresInSeconds: number;
}

export interface BlobInfo {
  size: number;
  /** As stored with the object; null where the store keeps no metadata (the filesystem). */
  contentType: string | null;
}

export interface BlobObject extends BlobInfo {
  body: Uint8Array;
}

export interface PutOptions {
  contentType: string;
  cacheControl?: string;
}

/**
 * Object storage for photos: S3 (or an S3-compatible store) on AWS and in the lab, a folder on a laptop.
 * Keys are `/`-separated paths of safe segments (`uploads/<userId>/<photoId>`, `media/...`).
 */
export interface BlobStore {
  /** A browser upload permission bound to exactly one key, content type and size range, for a short time. */
  presignUpload(policy: UploadPolicy): Promise<PresignedUpload>;
  /** Size and type of an object, or null when it does not exist. */
  head(key: string): Promise<BlobInfo | null>;
  get(key: string): Promise<BlobObject | null>;
  /** Writes the whole object at once: readers see the old object or the new one, never a partial one. */
  put(key: string, body: Uint8Array, options: PutOptions): Promise<void>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: readonly string[]): Promise<void>;
}
