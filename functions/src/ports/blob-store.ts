export interface PresignedUpload {
  /** Where the browser POSTs the multipart form. */
  url: string;
  /** Form fields to send before `file`, exactly as given. */
  fields: Record<string, string>;
}

export interface UploadPolicy {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
}

/** Object storage for photos: S3 (or an S3-compatible store) on AWS and in the lab, a folder on a laptop. */
export interface BlobStore {
  /** A browser upload permission bound to exactly one key, content type and size range, for a short time. */
  presignUpload(policy: UploadPolicy): Promise<PresignedUpload>;
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, body: Uint8Array, contentType: string, cacheControl?: string): Promise<void>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: readonly string[]): Promise<void>;
}
