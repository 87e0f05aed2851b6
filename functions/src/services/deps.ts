import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Store } from '../ports/repositories';

export interface AuthConfig {
  /** HMAC key for HS256 access tokens (>= 32 bytes). */
  jwtSecret: Uint8Array;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** log2 of scrypt's N for new hashes (17 in production; tests may lower it, stored hashes say their own). */
  passwordHashCost: number;
}

export interface ServiceConfig {
  version: string;
  auth: AuthConfig;
}

/** Everything a use case needs, built once per process by a runtime (AWS or lab) and passed in. */
export interface Deps {
  store: Store;
  clock: Clock;
  log: Logger;
  config: ServiceConfig;
}
