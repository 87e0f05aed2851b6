import type { LogFields } from '../../ports/logger';

const MAX_CAUSE_DEPTH = 4;

/**
 * An error as log fields: name, message, `code` when it has one (Node's system errors, the SDK's), the stack,
 * and its `cause` chain (a 503 keeps the driver's error as its cause). For the log only, never a response.
 * Anything that is not an Error is logged as it is.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const fields: LogFields = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  if (error.stack !== undefined) fields.stack = error.stack;
  if (error.cause !== undefined) {
    fields.cause =
      depth < MAX_CAUSE_DEPTH ? serializeError(error.cause, depth + 1) : '[deeper causes omitted]';
  }
  return fields;
}

/** The fields with every Error value serialized (an `error`, or any other field holding one). */
export const serializeErrorFields = (fields: LogFields): LogFields => {
  let result: LogFields | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      result ??= { ...fields };
      result[key] = serializeError(value);
    }
  }
  return result ?? fields;
};
