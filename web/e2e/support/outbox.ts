import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { expect } from 'vitest';

interface OutboxMail {
  file: string;
  to: string[];
  subject: string;
  links: URL[];
}

async function readOutbox(outboxDir: string): Promise<OutboxMail[]> {
  const userDirs = await readdir(outboxDir).catch(() => [] as string[]);
  const mails: OutboxMail[] = [];
  for (const userDir of userDirs) {
    const files = await readdir(join(outboxDir, userDir)).catch(() => [] as string[]);
    for (const name of files.filter((file) => file.endsWith('.eml'))) {
      const parsed = await simpleParser(await readFile(join(outboxDir, userDir, name)));
      const recipients = [parsed.to ?? []].flat().flatMap((group) => group.value);
      mails.push({
        // Files are `<ULID>-<kind>.eml`: the name sorts by time.
        file: name,
        to: recipients.map((recipient) => recipient.address?.toLowerCase() ?? ''),
        subject: parsed.subject ?? '',
        links: (parsed.text?.match(/https?:\/\/[^\s<>"]+/g) ?? []).map((link) => new URL(link)),
      });
    }
  }
  return mails.sort((a, b) => b.file.localeCompare(a.file));
}

/**
 * The path and query (`/reset-password?token=...`) of the newest link to `pathname` mailed to `address`, read
 * from the laptop outbox (`DATA_DIR/outbox/<userId>/*.eml`) the way a person reads their mail. Mail is queued,
 * so this waits for it; `after` skips links already seen.
 */
export async function linkFromOutbox(
  outboxDir: string,
  address: string,
  pathname: string,
  after: readonly string[] = [],
): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        for (const mail of await readOutbox(outboxDir)) {
          if (!mail.to.includes(address.toLowerCase())) continue;
          const link = mail.links.find((url) => url.pathname === pathname);
          const path = link && `${link.pathname}${link.search}`;
          if (path && !after.includes(path)) {
            found = path;
            return true;
          }
        }
        return false;
      },
      { timeout: 20_000, interval: 250, message: `a mail to ${address} with a ${pathname} link` },
    )
    .toBe(true);
  if (!found) throw new Error(`no ${pathname} link mailed to ${address}`);
  return found;
}
