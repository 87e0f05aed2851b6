import { newId } from '../../domain/ids';
import type { MailMessage } from '../../ports/mailer';
import type { Deps } from '../deps';

export type AccountMail = Omit<MailMessage, 'id'>;

/**
 * THE way a use case sends mail (verification, password reset, email change...): queued, never awaited on a
 * transport, never failing the request. Whether the address still takes mail is checked when it is sent
 * (services/mail/deliver-mail.ts). Render the content with `renderLinkMail` (mail-templates.ts).
 */
export async function sendAccountMail(deps: Deps, mail: AccountMail): Promise<void> {
  await deps.mail.enqueue({ id: newId(deps.clock.now()), ...mail });
}
