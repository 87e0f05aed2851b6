import * as z from 'zod/mini';
import { Id, IsoDateTime } from './common';

export const EmailDeliverability = z.enum(['ok', 'bounced', 'complained']);

export const Me = z.object({
  id: Id,
  email: z.string(),
  createdAt: IsoDateTime,
  profileComplete: z.boolean(),
  /** From the profile; null until there is one. */
  displayName: z.nullable(z.string()),
  /**
   * Whether mail reaches `email`: `bounced` (the receiving server refused it for good) or `complained` (mail
   * was marked as spam) stop all mail to it until the address changes.
   */
  emailDeliverability: EmailDeliverability,
  /** Whether the account confirmed it holds `email` (a link mailed at registration, or an email change). */
  emailVerified: z.boolean(),
  /** A new address asked for with `PUT /api/me/email` and not confirmed yet; null when none. */
  pendingEmail: z.nullable(z.string()),
  /** The server's EMAIL_VERIFICATION is `required`: unverified accounts cannot use discovery, likes or messages. */
  emailVerificationRequired: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const Health = z.object({ status: z.literal('ok'), version: z.string() });
