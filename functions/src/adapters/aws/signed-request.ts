import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * One SigV4-signed HTTPS request to an AWS API: the photos bucket's objects (S3). The S3 SDK client brings
 * ~150 KB of bundle (its XML protocol, checksums, endpoint rules), parsed on every cold start; these calls
 * are simple enough to make with the pieces the other SDK clients bundle anyway: the SDK's signer, HTTP
 * handler and credential chain. Throttling (S3's 503 SlowDown), 5xx and network failures are retried.
 * Secrets Manager and API Gateway Management go through their SDK clients (retries of 400
 * ThrottlingException, clock-skew correction, endpoints of every partition).
 */

export interface AwsClientOptions {
  region: string;
  /** Static credentials or a provider; the SDK's default chain (on Lambda: the environment) when absent. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per request (throttling, 5xx and network failures are retried). Default 3, like the SDK. */
  maxAttempts?: number;
}

export interface AwsRequest {
  /** The signing name (`s3`). */
  service: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface AwsResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type AwsRequester = (request: AwsRequest) => Promise<AwsResponse>;

/** A requester with its credentials (what it signs with) and its sockets to close. */
export type AwsClient = AwsRequester & {
  credentials: AwsCredentialIdentityProvider;
  destroy(): void;
};

/** Errors an AWS API answered (status, and its error code when it said one). */
export class AwsApiError extends Error {
  override name = 'AwsApiError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export { configuredEndpoint, serviceEndpoint } from './endpoints';

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export function createAwsRequester(options: AwsClientOptions): AwsClient {
  const { credentials } = options;
  const provider: AwsCredentialIdentityProvider =
    credentials === undefined
      ? defaultProvider()
      : typeof credentials === 'function'
        ? credentials
        : async () => credentials;
  const signers = new Map<string, SignatureV4>();
  const signerFor = (service: string) => {
    let signer = signers.get(service);
    if (!signer) {
      // S3 signs the path as given (object keys are encoded once); every other service double-encodes it.
      signer = new SignatureV4({
        service,
        region: options.region,
        credentials: provider,
        sha256: Sha256,
        uriEscapePath: service !== 's3',
      });
      signers.set(service, signer);
    }
    return signer;
  };
  const http = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 20_000 });
  const attempts = Math.max(1, options.maxAttempts ?? 3);

  const send = async (request: AwsRequest): Promise<AwsResponse> => {
    const { url } = request;
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    const unsigned = new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: {
        host: url.host,
        ...(request.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(request.body)) }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const signed = await signerFor(request.service).sign(unsigned);
    const { response } = await http.handle(signed as HttpRequest);
    const body = request.method === 'HEAD' ? Buffer.alloc(0) : await readBody(response.body);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = String(value);
    return { status: response.statusCode, headers, body };
  };

  const requester = async (request: AwsRequest): Promise<AwsResponse> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await send(request);
        if (attempt < attempts && RETRYABLE_STATUS.has(response.status)) {
          await sleep(Math.random() * 100 * 2 ** attempt);
          continue;
        }
        return response;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await sleep(Math.random() * 100 * 2 ** attempt);
      }
    }
  };
  return Object.assign(requester, { credentials: provider, destroy: () => http.destroy() });
}

/** An AWS JSON protocol error (`__type` / `x-amzn-ErrorType`) as an AwsApiError. */
export function jsonApiError(response: AwsResponse, operation: string): AwsApiError {
  let code = response.headers['x-amzn-errortype']?.split(':')[0];
  let message = '';
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as {
      __type?: string;
      message?: string;
      Message?: string;
    };
    code ??= parsed.__type?.split('#').pop();
    message = parsed.message ?? parsed.Message ?? '';
  } catch {
    // Not JSON: the status says enough.
  }
  return new AwsApiError(
    response.status,
    code,
    `${operation} failed: ${response.status} ${code ?? ''} ${message}`.trim(),
  );
}
