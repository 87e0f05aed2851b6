/** `error.code` as Node's system errors carry it (ENOENT, EEXIST, EADDRINUSE...). */
export const hasErrorCode = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === code;
