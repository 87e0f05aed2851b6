import { createSesTransport } from '../../../adapters/mail/ses-transport';
import { createSendMailHandler } from '../../../handlers/events/send-mail';
import { mailSenderDeps } from '../mail-deps';

/**
 * The mail-sending function: the mail queue (SQS) invokes it with batches of account mail, which it sends
 * with SES v2 through the configuration set (infra/lib/mail-stack.ts). The only bundle with the SES client.
 */
export const handler = createSendMailHandler(
  mailSenderDeps(({ from, configurationSet, region }) =>
    createSesTransport({ from, ...(configurationSet ? { configurationSet } : {}), clientConfig: { region } }),
  ),
);
