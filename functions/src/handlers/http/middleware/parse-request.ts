import { AppError } from '../../../domain/errors';
import type { HttpRoute, Schema } from '../http-route';
import type { HttpMiddleware } from './types';
import { nulCharacterDetails, validationDetails } from './validation-details';

export const MAX_JSON_BODY_BYTES = 64 * 1024;

function validate(schema: Schema, value: unknown, where: 'body' | 'query' | 'path'): unknown {
  const result = schema.safeParse(value);
  const nul = result.success ? nulCharacterDetails(result.data, where === 'body' ? undefined : where) : null;
  if (result.success && nul === null) return result.data;
  throw new AppError(
    'validation_failed',
    `The request ${where === 'body' ? 'body' : `${where} parameters`} did not pass validation`,
    nul ?? validationDetails(result.error?.issues ?? [], where === 'body' ? undefined : where),
  );
}

function readJsonBody(
  rawBody: string | undefined,
  isBase64: boolean,
  contentType: string | undefined,
): unknown {
  const bytes = rawBody === undefined ? Buffer.alloc(0) : Buffer.from(rawBody, isBase64 ? 'base64' : 'utf8');
  if (bytes.length > MAX_JSON_BODY_BYTES) {
    throw new AppError(
      'payload_too_large',
      `The request body is larger than ${MAX_JSON_BODY_BYTES / 1024} KB`,
    );
  }
  if (bytes.length === 0) {
    throw new AppError('validation_failed', 'A JSON request body is required', {
      fields: { '(root)': ['required'] },
    });
  }
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json' && !mediaType?.endsWith('+json')) {
    throw new AppError('unsupported_media_type', 'Send the request body as application/json');
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('validation_failed', 'The request body is not valid JSON', {
      fields: { '(root)': ['malformed JSON'] },
    });
  }
}

/** A route without a body schema takes no body (the lab gateway refuses it before reading a byte). */
function refuseBody(rawBody: string | undefined): undefined {
  if (rawBody !== undefined && rawBody.length > 0) {
    throw new AppError('payload_too_large', 'This endpoint takes no request body');
  }
  return undefined;
}

/** Parses and validates body, query and path against the route's contract schemas (strict: no extra fields). */
export const parseRequest = (route: HttpRoute): HttpMiddleware => ({
  before: (request) => {
    const { event } = request;
    const headers = event.headers ?? {};
    request.context.input = {
      params: route.params ? validate(route.params, event.pathParameters ?? {}, 'path') : undefined,
      query: route.query ? validate(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
      body: route.body
        ? validate(
            route.body,
            readJsonBody(event.body, event.isBase64Encoded, headers['content-type']),
            'body',
          )
        : refuseBody(event.body),
    };
  },
});
