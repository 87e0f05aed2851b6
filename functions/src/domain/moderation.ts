import type { ReportReason } from '../contract/matching';
import type { UserRecord } from './records';

/**
 * Trust and safety rules (docs/moderation.md): who may moderate, what a decision does to an account, how the
 * queue is ordered. Pure: the services apply them, the stores keep their results.
 */

export const roles = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Moderators and admins work the queue; admins are moderators who may also be granted roles by the CLI. */
export const mayModerate = (role: Role): boolean => role === 'moderator' || role === 'admin';

export const moderationActions = ['dismiss', 'warn', 'remove_photo', 'suspend', 'ban'] as const;
export type ModerationAction = (typeof moderationActions)[number];

/** Decisions the affected user is told about (a dismissal concerns only the reports). */
export const noticeActions: readonly ModerationAction[] = ['warn', 'remove_photo', 'suspend', 'ban'];

/** Decisions that can be appealed: the ones that restrict or mark the account. */
export const appealableActions: readonly ModerationAction[] = ['warn', 'remove_photo', 'suspend', 'ban'];

export const MIN_SUSPENSION_DAYS = 1;
export const MAX_SUSPENSION_DAYS = 365;

/**
 * How urgent a report is: a minor on the service first, then harassment, then the rest. The queue sorts by the
 * most severe reason of a person's open reports.
 */
export const reasonSeverity: Record<ReportReason, number> = {
  underage: 5,
  harassment: 4,
  inappropriate: 3,
  fake: 2,
  spam: 1,
  other: 1,
};

/** An appeal is ranked like a serious report: someone says a moderator got it wrong. */
export const APPEAL_SEVERITY = 3;

/** Where an account stands right now; an expired suspension counts as active (access returns by itself). */
export type Standing = { status: 'active' } | { status: 'suspended'; until: string } | { status: 'banned' };

export function standingOf(user: Pick<UserRecord, 'status' | 'suspendedUntil'>, now: Date): Standing {
  if (user.status === 'banned') return { status: 'banned' };
  if (user.status === 'suspended') {
    // A suspension without an end date (older rows) lasts until a moderator lifts it.
    const until = user.suspendedUntil ?? '9999-12-31T00:00:00.000Z';
    if (Date.parse(until) > now.getTime()) return { status: 'suspended', until };
  }
  return { status: 'active' };
}

/** The end of a suspension of `days` days starting `now`. */
export const suspensionEnd = (now: Date, days: number): string =>
  new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString();

/** Auto-hide: `threshold` distinct reporters within `windowSeconds` hide a profile from discovery. */
export interface AutoHideRule {
  threshold: number;
  windowSeconds: number;
}

export const DEFAULT_AUTO_HIDE: AutoHideRule = { threshold: 3, windowSeconds: 24 * 3600 };

export const shouldAutoHide = (distinctReporters: number, rule: AutoHideRule): boolean =>
  rule.threshold > 0 && distinctReporters >= rule.threshold;

/**
 * Reads `MODERATION_AUTO_HIDE` (`<reporters>/<seconds>`, e.g. `3/86400`; `off` disables it; empty: the
 * default). Throws a message naming the variable on anything else.
 */
export function parseAutoHide(value: string | undefined): AutoHideRule {
  if (value === undefined || value.trim() === '') return DEFAULT_AUTO_HIDE;
  if (value.trim() === 'off') return { threshold: 0, windowSeconds: DEFAULT_AUTO_HIDE.windowSeconds };
  const match = /^(\d{1,4})\/(\d{1,8})$/.exec(value.trim());
  const threshold = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || threshold < 1 || windowSeconds < 60) {
    throw new Error(
      'MODERATION_AUTO_HIDE must be <reporters>/<seconds> (reporters >= 1, seconds >= 60), or off',
    );
  }
  return { threshold, windowSeconds };
}

/** How a profile is hidden by moderation: `review` only from discovery, `restricted` from everyone. */
export type ProfileVisibility = 'review' | 'restricted';

/** The normalized form of an address for the banned-address hash: trimmed and lowercased. */
export const normalizeEmailForBan = (email: string): string => email.trim().toLowerCase();
