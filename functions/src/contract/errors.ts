import * as z from 'zod/mini';
import './messages';

/** Every error code the API can answer, with the HTTP status it travels with (docs/api.md). */
export const errorStatus = {
  validation_failed: 400,
  /** A mailed link's token that is unknown, expired or already used. */
  invalid_token: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  /** EMAIL_VERIFICATION=required and the caller has not confirmed their address yet. */
  email_unverified: 403,
  not_found: 404,
  method_not_allowed: 405,
  email_taken: 409,
  already_verified: 409,
  profile_required: 409,
  photo_limit: 409,
  not_matched: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_image: 422,
  rate_limited: 429,
  internal: 500,
  /** A dependency (the database) cannot be reached right now; retrying later is the right reaction. */
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const ErrorCodeSchema = z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]);

/** `details` of `validation_failed`: what to fix, per field path (e.g. `location.lat`). */
export const ValidationDetails = z.object({ fields: z.record(z.string(), z.array(z.string())) });
export type ValidationDetails = z.infer<typeof ValidationDetails>;

/** `details` of `rate_limited` (also in the Retry-After header). */
export const RateLimitDetails = z.object({ retryAfterSeconds: z.number() });

/**
 * `code` is a plain string when parsing: a client must keep working when the server learns a new code;
 * `ErrorCodeSchema` lists the codes this version sends.
 */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
