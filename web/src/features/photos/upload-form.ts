/** A presigned POST as `POST /api/photos` answers it: where to send the form and the fields it must carry. */
export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/**
 * The multipart form S3 (and the lab's stand-in) expects: every policy field in the order given, then the file
 * as the part named `file`. Fields after the file are ignored by S3, so the order matters.
 */
export function buildUploadForm(fields: Readonly<Record<string, string>>, file: Blob): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  return form;
}

/**
 * Where the browser sends the form. S3 answers an absolute URL; the lab answers a path on its own origin, which
 * belongs to the API's origin when the SPA is served from elsewhere (development).
 */
export function resolveUploadUrl(url: string, apiOrigin: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  return `${apiOrigin}${url.startsWith('/') ? url : `/${url}`}`;
}

/** S3's error answers are XML: `<Error><Code>EntityTooLarge</Code><Message>…</Message></Error>`. */
export function storageErrorCode(body: string): string | null {
  return /<Code>([^<]{1,64})<\/Code>/.exec(body)?.[1] ?? null;
}

/** What to tell the user when the photo storage refused an upload. */
export function storageRefusalMessage(status: number, body: string): string {
  const code = storageErrorCode(body);
  if (code === 'EntityTooLarge') return 'The photo is larger than the storage accepts (10 MB).';
  if (code === 'EntityTooSmall') return 'The file is empty.';
  if (code === 'AccessDenied' && /expired/i.test(body)) {
    return 'The upload took too long and its permission expired. Please try again.';
  }
  if (status >= 500 || status === 0) {
    return 'The photo storage is having trouble right now. Please try again in a moment.';
  }
  return 'The photo storage refused the upload. Please try again.';
}
