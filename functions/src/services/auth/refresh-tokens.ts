import { createHash, randomBytes } from 'node:crypto';

/** Opaque refresh token: 32 random bytes. Only its SHA-256 is stored, so a database leak yields no sessions. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');
