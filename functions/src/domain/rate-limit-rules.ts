export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** The limits of docs/api.md (Rate limits), per fixed window. */
export const defaultRateLimits = {
  loginPerEmail: { limit: 5, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 50, windowSeconds: 15 * 60 },
  /** Failed logins from one browser's device cookie (it is exempt from `loginPerEmail`). */
  loginPerDevice: { limit: 5, windowSeconds: 15 * 60 },
  /** Wrong passwords per account on every check but login (password change, account erasure). */
  passwordChecksPerUser: { limit: 5, windowSeconds: 15 * 60 },
  registerPerIp: { limit: 10, windowSeconds: 3600 },
  refreshPerFamily: { limit: 30, windowSeconds: 3600 },
  swipesPerUser: { limit: 200, windowSeconds: 3600 },
  undosPerUser: { limit: 5, windowSeconds: 24 * 3600 },
  messagesPerUser: { limit: 60, windowSeconds: 60 },
  typingPerUser: { limit: 60, windowSeconds: 60 },
  markReadPerUser: { limit: 120, windowSeconds: 60 },
  photoUploadsPerUser: { limit: 30, windowSeconds: 3600 },
  reportsPerUser: { limit: 20, windowSeconds: 24 * 3600 },
  /** Verification links resent per account (`POST /api/me/email-verification`). */
  verificationMailsPerUser: { limit: 5, windowSeconds: 3600 },
  /** Password reset requests per address, whether or not an account has it. */
  passwordResetsPerEmail: { limit: 5, windowSeconds: 3600 },
  passwordResetsPerIp: { limit: 20, windowSeconds: 3600 },
  /** Email change requests per account (each mails two addresses). */
  emailChangesPerUser: { limit: 5, windowSeconds: 3600 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof defaultRateLimits;
export const rateLimitNames = Object.keys(defaultRateLimits) as RateLimitName[];
/** The limits keyed by a client address (`rateLimitAddress`: IPv6 by its /64). */
export type IpRateLimitName = Extract<RateLimitName, `${string}PerIp`>;

/** `'off'` disables every limit (local load tests only). */
export type RateLimitSettings = Record<RateLimitName, RateLimitRule> | 'off';

/** The fixed window `now` falls in, and how long until it ends (the Retry-After a client gets). */
export function fixedWindow(now: Date, windowSeconds: number) {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  return { windowStart, retryAfterSeconds: Math.max(1, windowStart + windowSeconds - nowSeconds) };
}

/**
 * Reads `RATE_LIMITS`: empty = the defaults; `off`; or JSON overrides such as
 * `{"loginPerEmail":{"limit":10,"windowSeconds":900}}`. Throws a message naming the bad part.
 */
export function parseRateLimitSettings(text: string | undefined): RateLimitSettings {
  if (text === undefined || text.trim() === '') return { ...defaultRateLimits };
  if (text.trim() === 'off') return 'off';
  let overrides: unknown;
  try {
    overrides = JSON.parse(text);
  } catch {
    throw new Error('RATE_LIMITS must be "off" or a JSON object of overrides');
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new Error('RATE_LIMITS must be "off" or a JSON object of overrides');
  }
  const settings: Record<RateLimitName, RateLimitRule> = { ...defaultRateLimits };
  for (const [name, rule] of Object.entries(overrides)) {
    if (!(rateLimitNames as string[]).includes(name)) {
      throw new Error(`RATE_LIMITS: unknown limit "${name}" (known: ${rateLimitNames.join(', ')})`);
    }
    const { limit, windowSeconds } = (rule ?? {}) as Partial<RateLimitRule>;
    if (
      !Number.isInteger(limit) ||
      (limit ?? 0) < 1 ||
      !Number.isInteger(windowSeconds) ||
      (windowSeconds ?? 0) < 1
    ) {
      throw new Error(`RATE_LIMITS: "${name}" needs positive whole "limit" and "windowSeconds"`);
    }
    settings[name as RateLimitName] = { limit: limit as number, windowSeconds: windowSeconds as number };
  }
  return settings;
}
