import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface S3ErrorAnswer {
  status: number;
  /** S3's error code, e.g. AccessDenied, EntityTooLarge. */
  code: string;
  message: string;
  /** Extra elements S3 adds for some codes (e.g. MaxSizeAllowed). */
  extra?: Record<string, string | number>;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char] ?? char,
  );

/** An error exactly in S3's shape: `application/xml`, `<Error><Code/><Message/>...<RequestId/></Error>`. */
export function sendS3Error(
  response: ServerResponse,
  answer: S3ErrorAnswer,
  headers: Record<string, string> = {},
): void {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const extra = Object.entries(answer.extra ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  const body = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${escapeXml(answer.code)}</Code><Message>${escapeXml(answer.message)}</Message>${extra}` +
      `<RequestId>${requestId}</RequestId></Error>`,
  );
  response.writeHead(answer.status, {
    'content-type': 'application/xml',
    'content-length': String(body.length),
    'cache-control': 'no-store',
    'x-amz-request-id': requestId,
    ...headers,
  });
  response.end(body);
}
