export const auditEventTypes = [
  'register',
  'login_succeeded',
  'login_failed',
  'refresh_token_reused',
  'logout',
  'password_changed',
  'session_ended',
  /** A wrong password on a check other than login (password change, account erasure): `details.check`. */
  'password_check_failed',
  /** A verification link was mailed (registration or resend). */
  'email_verification_sent',
  'email_verified',
  /** `userId` null when no active account has the address (the answer is the same either way). */
  'password_reset_requested',
  'password_reset',
  'email_change_requested',
  'email_changed',
  /** The confirmed new address was taken by another account meanwhile. */
  'email_change_failed',
  'block',
  'report',
  'export',
  'account_deleted',
] as const;
export type AuditEventType = (typeof auditEventTypes)[number];

export interface AuditEvent {
  id: string;
  type: AuditEventType;
  /** Null when the event concerns no known account (a login attempt for an unknown email). */
  userId: string | null;
  ip: string;
  userAgent: string;
  at: string;
  details: Record<string, string | number | boolean>;
}

/** Append-only record of security events (docs/architecture.md, Security). */
export interface AuditLogRepository {
  append(event: AuditEvent): Promise<void>;
  /**
   * Up to `limit` of the user's events, newest first; with `before` (an event id) only older ones than it,
   * so the whole log can be paged through.
   */
  listByUser(userId: string, limit: number, before?: string): Promise<AuditEvent[]>;
}
