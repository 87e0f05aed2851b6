import type { Photo } from '@dating/functions/contract';
import { describe, expect, it } from 'vitest';
import {
  checkPhotoFile,
  describeRejectReason,
  type PickedFile,
  slotsLeft,
  sniffImageType,
} from './photo-rules';

const jpeg = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1];
const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];
const webp = [0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50];
const gif = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0];

const file = (name: string, bytes: number[], type = '') => new File([new Uint8Array(bytes)], name, { type });

/** A file of any size without allocating it: only the first bytes are ever read. */
const hugeFile = (name: string, size: number): PickedFile => ({
  name,
  size,
  type: 'image/jpeg',
  slice: () => new Blob([new Uint8Array(jpeg)]),
});

const photo = (id: string, status: Photo['status']): Photo => ({
  id,
  status,
  createdAt: '2026-11-25T10:00:00.000Z',
});

describe('photo checks before uploading', () => {
  it('recognises JPEG, PNG and WebP by their first bytes, whatever the name says', async () => {
    expect(sniffImageType(new Uint8Array(jpeg))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array(png))).toBe('image/png');
    expect(sniffImageType(new Uint8Array(webp))).toBe('image/webp');
    expect(sniffImageType(new Uint8Array(gif))).toBeNull();
    await expect(checkPhotoFile(file('holiday.png', jpeg, 'image/png'))).resolves.toEqual({
      ok: true,
      contentType: 'image/jpeg',
    });
    await expect(checkPhotoFile(file('no-type', webp))).resolves.toEqual({
      ok: true,
      contentType: 'image/webp',
    });
  });

  it('refuses other files, naming the file and the accepted types', async () => {
    await expect(checkPhotoFile(file('cat.gif', gif, 'image/gif'))).resolves.toEqual({
      ok: false,
      message: '“cat.gif” is not a JPEG, PNG or WebP image.',
    });
    await expect(
      checkPhotoFile(file('notes.txt', [0x68, 0x65, 0x6c, 0x6c, 0x6f], 'text/plain')),
    ).resolves.toMatchObject({ ok: false, message: '“notes.txt” is not a JPEG, PNG or WebP image.' });
  });

  it('explains HEIC photos from phones, which browsers cannot convert', async () => {
    const result = await checkPhotoFile(file('IMG_0001.HEIC', [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70], ''));
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.message).toContain('HEIC photo, which is not supported');
  });

  it('refuses empty files and files over 10 MB before anything is sent', async () => {
    await expect(checkPhotoFile(file('empty.jpg', []))).resolves.toEqual({
      ok: false,
      message: '“empty.jpg” is empty. Choose another photo.',
    });
    await expect(checkPhotoFile(hugeFile('big.jpg', 12.5 * 1024 * 1024))).resolves.toEqual({
      ok: false,
      message: '“big.jpg” is 12.5 MB. Photos can be at most 10 MB.',
    });
    await expect(checkPhotoFile(hugeFile('limit.jpg', 10 * 1024 * 1024))).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe('photo slots and reasons', () => {
  it('counts pending and ready photos against the limit of six, not rejected ones', () => {
    const photos = [
      photo('a', 'ready'),
      photo('b', 'pending'),
      photo('c', 'rejected'),
      photo('d', 'rejected'),
    ];
    expect(slotsLeft(photos)).toBe(4);
    expect(slotsLeft(Array.from({ length: 7 }, (_, index) => photo(String(index), 'ready')))).toBe(0);
  });

  it('words the server’s reject reasons, and copes with a reason it does not know', () => {
    expect(describeRejectReason('too_many_pixels')).toBe(
      'The image has too many pixels (at most 25 megapixels).',
    );
    expect(describeRejectReason('upload_expired')).toContain('did not finish in time');
    expect(describeRejectReason('some_new_reason')).toBe(
      'This photo could not be used. Please try another one.',
    );
    expect(describeRejectReason(undefined)).toBe('This photo could not be used. Please try another one.');
  });
});
