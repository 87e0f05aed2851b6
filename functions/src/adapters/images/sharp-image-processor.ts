import sharp, { type SharpOptions } from 'sharp';
import type { ImageType } from '../../domain/image-type';
import type { ImageProcessor, ImageRejection, Rendition } from '../../ports/image-processor';

export interface SharpImageProcessorOptions {
  /** Width x height (from the header) above which an image is refused before it is decoded. */
  maxInputPixels: number;
  /** WebP quality of the renditions. */
  quality?: number;
  /** Per sharp pipeline; a pathological image cannot hold a Lambda or the lab server for longer. */
  timeoutSeconds?: number;
}

const sharpFormat: Record<ImageType, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp' };

function rejectionFor(error: unknown): ImageRejection {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return 'too_many_pixels';
  if (/unsupported image format/i.test(message)) return 'unsupported_type';
  return 'corrupt_image';
}

/**
 * Renders WebP renditions with sharp (libvips). Untrusted input: the header is read first (pixel limit, the
 * decoder's format must be the sniffed one), any decoder warning fails the image (truncated or corrupt data),
 * only the first frame is read, and the output carries no metadata at all (sharp writes none unless asked:
 * no EXIF/GPS, XMP, IPTC or ICC profile; pixels are converted to sRGB). EXIF orientation is applied first.
 */
export function createSharpImageProcessor(options: SharpImageProcessorOptions): ImageProcessor {
  const { maxInputPixels, quality = 82, timeoutSeconds = 20 } = options;
  // No cache of decoded untrusted images between requests.
  sharp.cache(false);
  const input: SharpOptions = {
    limitInputPixels: maxInputPixels,
    failOn: 'warning',
    pages: 1,
    sequentialRead: true,
  };

  return {
    async render(bytes, type, bounds) {
      if (bounds.length === 0) return { ok: true, renditions: [] };
      try {
        const header = await sharp(bytes, input).metadata();
        if (header.format !== sharpFormat[type]) return { ok: false, reason: 'unsupported_type' };
        const { width = 0, height = 0 } = header;
        if (width < 1 || height < 1) return { ok: false, reason: 'corrupt_image' };
        if (width * height > maxInputPixels) return { ok: false, reason: 'too_many_pixels' };

        // Decode once (JPEG shrink-on-load makes this cheap), oriented and bounded by the largest rendition,
        // to 8-bit sRGB pixels; every rendition is encoded from these pixels.
        const largest = Math.max(...bounds);
        const { data, info } = await sharp(bytes, input)
          .rotate()
          .resize({ width: largest, height: largest, fit: 'inside', withoutEnlargement: true })
          .toColourspace('srgb')
          .raw({ depth: 'uchar' })
          .timeout({ seconds: timeoutSeconds })
          .toBuffer({ resolveWithObject: true });
        const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;

        const renditions: Rendition[] = [];
        for (const bound of bounds) {
          const output = await sharp(data, raw)
            .resize({ width: bound, height: bound, fit: 'inside', withoutEnlargement: true })
            .webp({ quality })
            .timeout({ seconds: timeoutSeconds })
            .toBuffer({ resolveWithObject: true });
          renditions.push({
            bound,
            width: output.info.width,
            height: output.info.height,
            body: new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength),
          });
        }
        return { ok: true, renditions };
      } catch (error) {
        return { ok: false, reason: rejectionFor(error) };
      }
    },
  };
}
