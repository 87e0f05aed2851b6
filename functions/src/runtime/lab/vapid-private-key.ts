import { createECDH, createPrivateKey } from 'node:crypto';

/**
 * The VAPID key pair from its private key, given as the raw 32-byte scalar in base64url (what web-push
 * generates) or as a PEM P-256 key (what Helm's `genPrivateKey "ecdsa"` makes); null when it is neither.
 */
export function vapidKeysFrom(value: string): { publicKey: string; privateKey: string } | null {
  const text = value.trim();
  try {
    let scalar: Buffer;
    if (/^[A-Za-z0-9_-]{43}$/.test(text)) {
      scalar = Buffer.from(text, 'base64url');
    } else if (text.startsWith('-----BEGIN')) {
      const jwk = createPrivateKey(text).export({ format: 'jwk' });
      if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') return null;
      scalar = Buffer.from(jwk.d, 'base64url');
    } else {
      return null;
    }
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(scalar);
    return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: scalar.toString('base64url') };
  } catch {
    return null;
  }
}
