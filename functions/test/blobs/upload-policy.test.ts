import { describe, expect, it } from 'vitest';
import { signUploadPolicy, verifyUploadForm } from '../../src/adapters/fs/upload-policy';

const secret = new TextEncoder().encode('the lab upload secret, 32 bytes or more');
const now = new Date('2026-03-01T12:00:00Z');
const key = 'uploads/01HZZZZZZZZZZZZZZZZZZZZZZZ/01HYYYYYYYYYYYYYYYYYYYYYYY';

const signed = (overrides: Partial<Parameters<typeof signUploadPolicy>[1]> = {}) =>
  signUploadPolicy(secret, {
    key,
    contentType: 'image/jpeg',
    maxBytes: 10 * 1024 * 1024,
    expiresAt: new Date(now.getTime() + 300_000),
    ...overrides,
  });

const verify = (fields: Record<string, string>, at = now) =>
  verifyUploadForm(secret, new Map(Object.entries(fields)), at);

const reencode = (
  policy: string,
  edit: (document: { expiration: string; conditions: unknown[] }) => void,
) => {
  const document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
  edit(document);
  return Buffer.from(JSON.stringify(document)).toString('base64');
};

describe('lab upload policy', () => {
  it('accepts the form it signed, and says what it allows', () => {
    const fields = signed();
    expect(verify(fields)).toEqual({
      ok: true,
      upload: {
        key,
        contentType: 'image/jpeg',
        minBytes: 1,
        maxBytes: 10 * 1024 * 1024,
        signature: fields['X-Lab-Signature'],
        expiresAt: new Date(now.getTime() + 300_000),
      },
    });
  });

  it('matches field names case-insensitively, like S3', () => {
    const fields = signed();
    const { 'Content-Type': contentType, ...rest } = fields;
    expect(verify({ ...rest, 'content-type': contentType ?? '' }).ok).toBe(true);
  });

  it('refuses an expired policy (403 AccessDenied), also at the exact second', () => {
    const fields = signed();
    for (const at of [new Date(now.getTime() + 300_000), new Date(now.getTime() + 301_000)]) {
      expect(verify(fields, at)).toEqual({
        ok: false,
        violation: {
          status: 403,
          code: 'AccessDenied',
          message: 'Invalid according to Policy: Policy expired.',
        },
      });
    }
  });

  it('refuses a tampered policy or signature (403 SignatureDoesNotMatch)', () => {
    const fields = signed();
    const longer = reencode(fields.Policy ?? '', (document) => {
      document.expiration = '2099-01-01T00:00:00.000Z';
    });
    const bigger = reencode(fields.Policy ?? '', (document) => {
      document.conditions = document.conditions.map((condition) =>
        Array.isArray(condition) && condition[0] === 'content-length-range'
          ? ['content-length-range', 1, 1e12]
          : condition,
      );
    });
    const flipped = (fields['X-Lab-Signature'] ?? '').replace(/^./, (char) => (char === '0' ? '1' : '0'));
    for (const tampered of [
      { ...fields, Policy: longer },
      { ...fields, Policy: bigger },
      { ...fields, 'X-Lab-Signature': flipped },
      { ...fields, 'X-Lab-Signature': 'not-hex' },
      { ...fields, 'X-Lab-Signature': '' },
    ]) {
      const result = verify(tampered);
      expect(result.ok ? null : result.violation.code).toBe('SignatureDoesNotMatch');
    }
    const otherSecret = signUploadPolicy(new TextEncoder().encode('another secret entirely, 32 bytes+'), {
      key,
      contentType: 'image/jpeg',
      maxBytes: 1,
      expiresAt: new Date(now.getTime() + 1000),
    });
    expect(verify(otherSecret).ok).toBe(false);
  });

  it('refuses a form whose key or content type differs from the policy (403 AccessDenied)', () => {
    const changes: Record<string, string>[] = [
      { key: `${key}x` },
      { key: 'media/../uploads/x' },
      { 'Content-Type': 'image/png' },
      { 'Content-Type': 'image/jpeg; charset=utf-8' },
      { 'Content-Type': 'IMAGE/JPEG' },
    ];
    for (const changed of changes) {
      const result = verify({ ...signed(), ...changed });
      expect(result.ok ? null : result.violation).toMatchObject({
        status: 403,
        code: 'AccessDenied',
        message: expect.stringMatching(/^Invalid according to Policy: Policy Condition failed/),
      });
    }
  });

  it('refuses fields the policy does not cover, except x-ignore-*', () => {
    const extra = verify({ ...signed(), acl: 'public-read' });
    expect(extra.ok ? null : extra.violation.message).toBe(
      'Invalid according to Policy: Extra input fields: acl',
    );
    expect(verify({ ...signed(), 'x-ignore-note': 'anything' }).ok).toBe(true);
  });

  it('refuses a form without policy or signature (400 InvalidArgument)', () => {
    const { Policy: _policy, ...withoutPolicy } = signed();
    const { 'X-Lab-Signature': _signature, ...withoutSignature } = signed();
    for (const fields of [withoutPolicy, withoutSignature, {}]) {
      const result = verify(fields);
      expect(result.ok ? null : result.violation).toMatchObject({ status: 400, code: 'InvalidArgument' });
    }
  });
});
