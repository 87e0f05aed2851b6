/** The parts of a mail whose point is one link (confirm an address, reset a password). */
export interface LinkMail {
  productName: string;
  /** The subject, also the heading. */
  subject: string;
  /** Plain sentences before the link. */
  intro: string;
  /** The button's words, e.g. "Reset your password". */
  action: string;
  /** An absolute link on the public origin. */
  url: string;
  /** After the link: what to do when the mail was unexpected, how long the link works. */
  outro: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Plain text and HTML versions of a link mail: the same words, the link written out in both (some clients
 * show only text, some users copy links), no images or tracking, the product's name as the signature.
 */
export function renderLinkMail(mail: LinkMail): { subject: string; text: string; html: string } {
  const text = `${mail.intro}\n\n${mail.action}:\n${mail.url}\n\n${mail.outro}\n\n— ${mail.productName}\n`;
  const link = escapeHtml(mail.url);
  const html = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">',
    `<h1 style="font-size:1.25rem">${escapeHtml(mail.subject)}</h1>`,
    `<p>${escapeHtml(mail.intro)}</p>`,
    `<p><a href="${link}" style="display:inline-block;padding:.6em 1.2em;background:#b0174f;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(mail.action)}</a></p>`,
    `<p style="font-size:.9em">Or open this link: <a href="${link}">${link}</a></p>`,
    `<p style="font-size:.9em;color:#555">${escapeHtml(mail.outro)}</p>`,
    `<p>— ${escapeHtml(mail.productName)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: mail.subject, text, html };
}
