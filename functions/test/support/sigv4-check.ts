import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An AWS endpoint stand-in that records every request as it arrived on the wire, and a SigV4 check written
 * from AWS's documentation ("Create a signed AWS API request"), independent of the SDK's signer: what AWS
 * itself recomputes from the wire to accept a request.
 */
export interface RecordedRequest {
  method: string;
  /** The request target as sent: path and query, still encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Answer = (request: RecordedRequest) => {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
};

export async function startRecordingEndpoint(answer: Answer) {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      const { status, headers = {}, body } = answer(request);
      response.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
/** RFC 3986 unreserved characters stay, everything else is %XX (uppercase). */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SigV4Verdict {
  valid: boolean;
  service: string;
  region: string;
  accessKeyId: string;
  signedHeaders: string[];
  reason?: string;
}

/**
 * Recomputes the request's signature with `secretAccessKey`. S3 signs the path as sent; every other service
 * signs it encoded once more (`doubleEncodePath`).
 */
export function checkSigV4(request: RecordedRequest, secretAccessKey: string): SigV4Verdict {
  const authorization = String(request.headers.authorization ?? '');
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) {
    return {
      valid: false,
      service: '',
      region: '',
      accessKeyId: '',
      signedHeaders: [],
      reason: 'no SigV4 Authorization',
    };
  }
  const [, accessKeyId = '', date = '', region = '', service = '', signedList = '', signature = ''] = match;
  const signedHeaders = signedList.split(';');
  const verdict = (valid: boolean, reason?: string): SigV4Verdict => ({
    valid,
    service,
    region,
    accessKeyId,
    signedHeaders,
    ...(reason ? { reason } : {}),
  });
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date)) return verdict(false, 'x-amz-date does not match the credential scope');
  if (!signedHeaders.includes('host')) return verdict(false, 'host is not signed');

  const [rawPath = '/', rawQuery = ''] = request.url.split('?');
  const path =
    service === 's3'
      ? rawPath
      : rawPath
          .split('/')
          .map((segment) => uriEncode(segment))
          .join('/');
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [uriEncode(decodeURIComponent(key)), uriEncode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const headers = signedHeaders
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const declaredHash = request.headers['x-amz-content-sha256'];
  const bodyHash = sha256Hex(request.body);
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== bodyHash) {
    return verdict(false, 'x-amz-content-sha256 is not the body hash');
  }
  const payloadHash = typeof declaredHash === 'string' ? declaredHash : bodyHash;
  const canonical = [request.method, path, query, headers, signedList, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  return expected === signature ? verdict(true) : verdict(false, 'signature mismatch');
}
