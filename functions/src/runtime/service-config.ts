import type { EmailVerificationMode } from '../domain/account-tokens';
import type { RateLimitSettings } from '../domain/rate-limit-rules';
import type { AccessTokenKeySet, ServiceConfig } from '../services/deps';

/** Access tokens live 15 minutes; a login's refresh token family 30 days from its last use. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface RuntimeSettings {
  appVersion: string;
  jwtIssuer: string;
  jwtAudience: string;
  passwordHashCost: number;
  rateLimits: RateLimitSettings;
  /** PUBLIC_ORIGIN, validated (domain/account-tokens.ts `parsePublicOrigin`). */
  publicOrigin?: string;
  emailVerification: EmailVerificationMode;
}

/**
 * What the services see, the same in both runtimes; only how photo uploads get processed differs (see each
 * runtime), so that is the one thing a runtime says.
 */
export function buildServiceConfig(
  settings: RuntimeSettings,
  keys: AccessTokenKeySet,
  photos: ServiceConfig['photos'],
): ServiceConfig {
  return {
    version: settings.appVersion,
    auth: {
      keys,
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
      accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: REFRESH_TOKEN_TTL_SECONDS,
      passwordHashCost: settings.passwordHashCost,
    },
    photos,
    ...(settings.publicOrigin === undefined ? {} : { publicOrigin: settings.publicOrigin }),
    emailVerification: settings.emailVerification,
    rateLimits: settings.rateLimits,
  };
}
