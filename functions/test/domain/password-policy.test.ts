import { describe, expect, it } from 'vitest';
import { passwordWeakness } from '../../src/domain/password-policy';

describe('password policy', () => {
  it('refuses the most common passwords in any letter case', () => {
    expect(passwordWeakness('password1', 'ada@example.com')).toMatch(/common/);
    expect(passwordWeakness('Iloveyou', 'ada@example.com')).toMatch(/common/);
    expect(passwordWeakness('qwertyuiop', 'ada@example.com')).toMatch(/common/);
  });

  it('refuses the email address and its local part', () => {
    expect(passwordWeakness('ada.lovelace@example.com', 'ada.lovelace@example.com')).toMatch(/email/);
    expect(passwordWeakness('Ada.Lovelace', 'ada.lovelace@example.com')).toMatch(/email/);
  });

  it('accepts an uncommon passphrase', () => {
    expect(passwordWeakness('correct horse battery staple', 'ada@example.com')).toBeNull();
  });
});
