import { MAX_FRAME_BYTES } from '../../../contract/chat';
import { AppError } from '../../../domain/errors';
import { nulCharacterDetails, validationDetails } from '../../http/middleware/validation-details';
import type { WsRoute } from '../ws-route';
import type { WsMiddleware } from './types';

/** A frame's raw text; binary frames arrive base64-encoded. */
export function frameText(body: string | undefined, isBase64Encoded: boolean): Buffer {
  return body === undefined ? Buffer.alloc(0) : Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
}

/** The JSON object of a frame, or null when it is not one. */
export function parseFrameObject(bytes: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * MESSAGE routes: refuses frames over 32 KB (API Gateway's frame limit, kept in both worlds), then parses the
 * JSON and validates it against the route's frame schema (strict: unknown fields are refused). The frame's
 * `clientMessageId` is kept first, so even a refused frame's `error` names it.
 */
export const parseFrame = (route: WsRoute): WsMiddleware => ({
  before: (request) => {
    const { event, context } = request;
    if (event.requestContext.eventType !== 'MESSAGE') return;
    const bytes = frameText(event.body, event.isBase64Encoded);
    // Parsed even when too large (API Gateway caps messages at 128 KB): the error names its clientMessageId.
    const object = parseFrameObject(bytes);
    const clientMessageId = object?.clientMessageId;
    if (typeof clientMessageId === 'string' && clientMessageId.length <= 64) {
      context.clientMessageId = clientMessageId;
    }
    if (bytes.length > MAX_FRAME_BYTES) {
      throw new AppError('payload_too_large', `A frame may be at most ${MAX_FRAME_BYTES / 1024} KB`);
    }
    if (!route.frame) return;
    if (object === null) {
      throw new AppError('validation_failed', 'A frame is a JSON object with an action', {
        fields: { '(root)': ['malformed JSON'] },
      });
    }
    const result = route.frame.safeParse(object);
    const nul = result.success ? nulCharacterDetails(result.data) : null;
    if (!result.success || nul !== null) {
      throw new AppError(
        'validation_failed',
        'The frame did not pass validation',
        nul ?? validationDetails(result.error?.issues ?? []),
      );
    }
    context.frame = result.data;
  },
});
