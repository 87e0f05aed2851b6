import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageProcessor } from '../../src/adapters/images/sharp-image-processor';
import { sniffImageType } from '../../src/domain/image-type';
import { MAX_INPUT_PIXELS } from '../../src/domain/photos';
import {
  cameraJpeg,
  containsText,
  htmlRenamedJpg,
  metadataLeft,
  pixelBombPng,
  plainPng,
  plainWebp,
  svgRenamedJpg,
  truncatedJpeg,
} from '../support/images';

const processor = createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS });
const bounds = [256, 1080];

describe('sniffing the real image type', () => {
  it('knows JPEG, PNG and WebP by their first bytes', async () => {
    expect(sniffImageType(await cameraJpeg(64, 48))).toBe('jpeg');
    expect(sniffImageType(await plainPng(8, 8))).toBe('png');
    expect(sniffImageType(await plainWebp(8, 8))).toBe('webp');
  });

  it('refuses everything else, whatever it is called', async () => {
    for (const bytes of [
      htmlRenamedJpg(),
      svgRenamedJpg(),
      Buffer.from('GIF89a'),
      Buffer.from([0xff, 0xd8]),
      Buffer.from('RIFF\0\0\0\0WAVE'),
      Buffer.alloc(0),
      await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
        .gif()
        .toBuffer(),
      await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
        .tiff()
        .toBuffer(),
    ]) {
      expect(sniffImageType(bytes)).toBeNull();
    }
  });
});

describe('sharp image processor', () => {
  it('auto-orients, bounds the longest side and strips every piece of metadata', async () => {
    const original = await cameraJpeg(1600, 1200); // EXIF orientation 6: displays as 1200 x 1600
    const result = await processor.render(original, 'jpeg', bounds);
    if (!result.ok) throw new Error(result.reason);
    expect(result.renditions.map(({ bound, width, height }) => ({ bound, width, height }))).toEqual([
      { bound: 256, width: 192, height: 256 },
      { bound: 1080, width: 810, height: 1080 },
    ]);
    for (const rendition of result.renditions) {
      expect(await metadataLeft(rendition.body)).toEqual({
        format: 'webp',
        width: rendition.width,
        height: rendition.height,
        exif: false,
        xmp: false,
        iptc: false,
        icc: false,
        orientation: undefined,
      });
      for (const leak of ['TestCam', 'Leaky 3000', 'Private Person', 'GPS', 'Exif']) {
        expect(containsText(rendition.body, leak)).toBe(false);
      }
      // Orientation applied to the pixels: the stored left half (red) is now the top half.
      const { data, info } = await sharp(rendition.body).raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [
        ...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3),
      ];
      const [topRed, , topBlue] = pixel(Math.floor(info.width / 2), Math.floor(info.height / 4)) as number[];
      const [bottomRed, , bottomBlue] = pixel(
        Math.floor(info.width / 2),
        Math.floor((info.height * 3) / 4),
      ) as number[];
      expect(topRed).toBeGreaterThan(150);
      expect(topBlue).toBeLessThan(100);
      expect(bottomBlue).toBeGreaterThan(150);
      expect(bottomRed).toBeLessThan(100);
    }
  });

  it('never upscales a small image', async () => {
    const result = await processor.render(await plainPng(300, 120, true), 'png', bounds);
    if (!result.ok) throw new Error(result.reason);
    expect(result.renditions.map(({ width, height }) => [width, height])).toEqual([
      [256, 102],
      [300, 120],
    ]);
    expect((await sharp(result.renditions[1]?.body).metadata()).hasAlpha).toBe(true);
  });

  it('accepts WebP input', async () => {
    const result = await processor.render(await plainWebp(2000, 500), 'webp', bounds);
    expect(result.ok && result.renditions.map(({ width, height }) => [width, height])).toEqual([
      [256, 64],
      [1080, 270],
    ]);
  });

  it('refuses a file whose decoder disagrees with the sniffed type', async () => {
    expect(await processor.render(await plainPng(20, 20), 'jpeg', bounds)).toEqual({
      ok: false,
      reason: 'unsupported_type',
    });
  });

  it('refuses a truncated image', async () => {
    expect(await processor.render(await truncatedJpeg(), 'jpeg', bounds)).toEqual({
      ok: false,
      reason: 'corrupt_image',
    });
  });

  it('refuses garbage behind a valid signature', async () => {
    const garbage = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from('not really a jpeg at all'),
    ]);
    expect(await processor.render(garbage, 'jpeg', bounds)).toEqual({ ok: false, reason: 'corrupt_image' });
  });

  it('refuses a pixel bomb from its header, without decoding it', async () => {
    const bomb = pixelBombPng(20_000);
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    expect(await processor.render(bomb, 'png', bounds)).toEqual({ ok: false, reason: 'too_many_pixels' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('accepts an image exactly at the pixel limit and refuses one pixel row above it', async () => {
    const small = createSharpImageProcessor({ maxInputPixels: 100 * 100 });
    expect((await small.render(await plainPng(100, 100), 'png', bounds)).ok).toBe(true);
    expect(await small.render(await plainPng(100, 101), 'png', bounds)).toEqual({
      ok: false,
      reason: 'too_many_pixels',
    });
  });
});
