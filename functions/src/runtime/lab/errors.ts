/** `error.code` as Node's system errors carry it (ENOENT, EEXIST, EADDRINUSE...). */
export const hasErrorCode = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === code;

/** An unexpected error as log fields: enough to debug it, for the log only (never for a response). */
export const errorLogFields = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error;
