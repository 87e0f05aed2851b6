import { maskAddress } from '../../ports/mailer';
import type { Deps } from '../deps';
import { renderLinkMail } from '../mail/mail-templates';
import { sendAccountMail } from '../mail/send-account-mail';

/** The product's name in mail (subjects, signatures). */
export const PRODUCT_NAME = 'Heartwood';

/** An absolute link on the public origin (PUBLIC_ORIGIN); a token travels in the query. */
export function publicLink(deps: Deps, path: string, token?: string): string {
  const origin = deps.config.publicOrigin;
  if (origin === undefined) {
    // A wiring bug (every function that sends links is given PUBLIC_ORIGIN), not a user error.
    throw new Error('PUBLIC_ORIGIN is not configured: links in mail cannot be built');
  }
  const url = new URL(path, origin);
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

type MailKind =
  | 'email-verification'
  | 'password-reset'
  | 'password-changed'
  | 'email-change'
  | 'email-change-notice'
  | 'email-in-use';

interface Recipient {
  userId: string;
  to: string;
}

const texts = (deps: Deps, kind: MailKind, token: string | undefined, detail: string) => {
  switch (kind) {
    case 'email-verification':
      return {
        subject: `Confirm your email address for ${PRODUCT_NAME}`,
        intro: `Please confirm that this is your address, so you can meet people on ${PRODUCT_NAME}.`,
        action: 'Confirm your address',
        url: publicLink(deps, '/verify-email', token),
        outro: 'The link works for 24 hours. If you did not create an account, ignore this mail.',
      };
    case 'password-reset':
      return {
        subject: `Reset your ${PRODUCT_NAME} password`,
        intro: 'Someone (hopefully you) asked to reset the password of the account with this address.',
        action: 'Choose a new password',
        url: publicLink(deps, '/reset-password', token),
        outro:
          'The link works once, for 30 minutes. If you did not ask for it, ignore this mail: your password stays as it is.',
      };
    case 'password-changed':
      return {
        subject: `Your ${PRODUCT_NAME} password was changed`,
        intro:
          'The password of your account was just reset with a link mailed to this address, and every session was logged out.',
        action: 'Log in',
        url: publicLink(deps, '/login'),
        outro: 'If this was not you, reset your password again at once and check your account’s address.',
      };
    case 'email-change':
      return {
        subject: `Confirm your new email address for ${PRODUCT_NAME}`,
        intro: `Your ${PRODUCT_NAME} account asked to use this address from now on.`,
        action: 'Confirm the new address',
        url: publicLink(deps, '/verify-email', token),
        outro: 'The link works for 24 hours. If you did not ask for this, ignore this mail.',
      };
    case 'email-change-notice':
      return {
        subject: `Your ${PRODUCT_NAME} address is about to change`,
        intro: `Your account asked to change its address to ${detail}. The change happens once the link sent there is followed.`,
        action: 'Review your account',
        url: publicLink(deps, '/settings'),
        outro:
          'If this was not you, change your password at once: the new address is not used until it is confirmed.',
      };
    case 'email-in-use':
      return {
        subject: `Someone tried to use this address on ${PRODUCT_NAME}`,
        intro: `Another ${PRODUCT_NAME} account asked to change its address to this one, which your account already uses. Nothing has changed.`,
        action: 'Log in',
        url: publicLink(deps, '/login'),
        outro: 'If you forgot your password, the login page can mail you a reset link.',
      };
  }
};

/**
 * Queues one account mail (never sent inline: services/mail/send-account-mail.ts). `token` goes into the link
 * of the kinds that carry one; `detail` is what a notice names (the masked new address).
 */
export async function mailAccount(
  deps: Deps,
  kind: MailKind,
  recipient: Recipient,
  options: { token?: string; newAddress?: string } = {},
): Promise<void> {
  const detail = options.newAddress === undefined ? '' : maskAddress(options.newAddress);
  const rendered = renderLinkMail({ productName: PRODUCT_NAME, ...texts(deps, kind, options.token, detail) });
  await sendAccountMail(deps, { userId: recipient.userId, kind, to: recipient.to, ...rendered });
}
