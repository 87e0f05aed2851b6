import { describe, expect, it } from 'vitest';
import { buildUploadForm, resolveUploadUrl, storageErrorCode, storageRefusalMessage } from './upload-form';

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>1</RequestId></Error>`;

describe('presigned POST form', () => {
  it('puts every policy field first, in the order given, and the file last as `file`', async () => {
    const fields = {
      key: 'uploads/U/P',
      'Content-Type': 'image/jpeg',
      Policy: 'eyJ...',
      'X-Amz-Signature': 'abc',
    };
    const image = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    const form = buildUploadForm(fields, image);

    const entries = [...form.entries()];
    expect(entries.map(([name]) => name)).toEqual([
      'key',
      'Content-Type',
      'Policy',
      'X-Amz-Signature',
      'file',
    ]);
    expect(entries.slice(0, 4).map(([, value]) => value)).toEqual(Object.values(fields));
    const sent = form.get('file');
    expect(sent).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (sent as Blob).arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
  });

  it('sends to S3’s absolute URL as is, and the lab’s path to the API’s origin', () => {
    expect(resolveUploadUrl('https://bucket.s3.eu-west-1.amazonaws.com', '')).toBe(
      'https://bucket.s3.eu-west-1.amazonaws.com',
    );
    expect(resolveUploadUrl('/uploads', '')).toBe('/uploads');
    expect(resolveUploadUrl('/uploads', 'http://localhost:8080')).toBe('http://localhost:8080/uploads');
    expect(resolveUploadUrl('uploads', '')).toBe('/uploads');
  });
});

describe('storage refusals', () => {
  it('reads S3’s error code from its XML answer', () => {
    expect(storageErrorCode(s3Error('EntityTooLarge', 'too big'))).toBe('EntityTooLarge');
    expect(storageErrorCode('<html>Bad gateway</html>')).toBeNull();
  });

  it('tells the user what went wrong in words', () => {
    expect(
      storageRefusalMessage(400, s3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum')),
    ).toBe('The photo is larger than the storage accepts (10 MB).');
    expect(
      storageRefusalMessage(403, s3Error('AccessDenied', 'Invalid according to Policy: Policy expired.')),
    ).toBe('The upload took too long and its permission expired. Please try again.');
    expect(storageRefusalMessage(403, s3Error('SignatureDoesNotMatch', 'nope'))).toBe(
      'The photo storage refused the upload. Please try again.',
    );
    expect(storageRefusalMessage(503, '')).toBe(
      'The photo storage is having trouble right now. Please try again in a moment.',
    );
  });
});
