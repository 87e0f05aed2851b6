import { describe, expect, it } from 'vitest';
import { ConfigError, loadLabConfig } from '../../src/runtime/lab/config';

const defaults = { appRoot: '/app', appVersion: '1.0.0', cwd: '/work' };

describe('lab mail configuration (SMTP_URL, MAIL_FROM)', () => {
  it('writes .eml files under DATA_DIR/outbox when no SMTP_URL is set', () => {
    expect(loadLabConfig({ DATA_DIR: '/srv/data' }, defaults).mail).toEqual({
      kind: 'outbox-files',
      dir: '/srv/data/outbox',
      from: 'Heartwood <no-reply@localhost>',
    });
  });

  it('sends through SMTP_URL from MAIL_FROM', () => {
    expect(
      loadLabConfig(
        { SMTP_URL: 'smtps://user:pw@mail.example.org:465', MAIL_FROM: 'App <a@example.org>' },
        defaults,
      ).mail,
    ).toEqual({ kind: 'smtp', url: 'smtps://user:pw@mail.example.org:465', from: 'App <a@example.org>' });
  });

  it('names a bad SMTP_URL without echoing it (it holds the password)', () => {
    const load = () => loadLabConfig({ SMTP_URL: 'http://user:hunter2@mail.example.org' }, defaults);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(load).not.toThrow(/hunter2/);
  });

  it('refuses a MAIL_FROM that is not an address', () => {
    expect(() => loadLabConfig({ MAIL_FROM: 'no-reply' }, defaults)).toThrow(/MAIL_FROM must be an address/);
  });
});
