import { describe, expect, it } from 'vitest';
import { commonPasswordList, decodeFrontCoded, passwordWeakness } from '../../src/domain/password-policy';

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

describe('the common passwords list (front-coded)', () => {
  it('decodes to the 10,000 distinct passwords, each of 8..128 characters', () => {
    const words = commonPasswordList();
    expect(words).toHaveLength(10_000);
    expect(new Set(words).size).toBe(10_000);
    expect(words.every((word) => word.length >= 8 && word.length <= 128)).toBe(true);
    expect(words).toEqual(expect.arrayContaining(['password', '12345678', 'baseball', 'trustno1']));
  });

  it('decodes shared prefixes line by line', () => {
    expect(decodeFrontCoded('0password\n8123\n4word')).toEqual([
      'password',
      'password123',
      `${'password'.slice(0, 4)}word`,
    ]);
  });
});
