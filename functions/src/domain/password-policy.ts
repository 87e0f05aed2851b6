import { brotliDecompressSync } from 'node:zlib';
import { commonPasswordsBrotli } from './common-passwords-list';

let commonPasswords: Set<string> | undefined;

/** The words of a front-coded list (common-passwords-list.ts says how it is written). */
export function decodeFrontCoded(text: string): string[] {
  const words: string[] = [];
  let previous = '';
  for (const line of text.split('\n')) {
    previous = previous.slice(0, Number.parseInt(line.charAt(0), 36)) + line.slice(1);
    words.push(previous);
  }
  return words;
}

/** The common passwords (common-passwords-list.ts): decompressed and decoded. */
export function commonPasswordList(): string[] {
  return decodeFrontCoded(
    brotliDecompressSync(Buffer.from(commonPasswordsBrotli, 'base64')).toString('utf8'),
  );
}

const isCommon = (password: string): boolean => {
  commonPasswords ??= new Set(commonPasswordList());
  return commonPasswords.has(password.toLowerCase());
};

/**
 * Password rules beyond length (which the contract checks): not the email or its local part, and not one
 * of the most common passwords. Returns the reason a password is refused, or null when it is acceptable.
 */
export function passwordWeakness(password: string, email: string): string | null {
  const lowered = password.toLowerCase();
  const localPart = email.split('@')[0] ?? '';
  if (lowered === email || (localPart.length >= 3 && lowered === localPart)) {
    return 'must not be your email address';
  }
  if (isCommon(password)) return 'is too common; choose a less guessable password';
  return null;
}
