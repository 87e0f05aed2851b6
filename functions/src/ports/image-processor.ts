import type { ImageType } from '../domain/image-type';

export interface Rendition {
  /** The longest side it was bounded to (the image may be smaller: never upscaled). */
  bound: number;
  width: number;
  height: number;
  /** WebP, auto-oriented, without any metadata (EXIF, GPS, XMP, IPTC, ICC). */
  body: Uint8Array;
}

export type ImageRejection = 'unsupported_type' | 'corrupt_image' | 'too_many_pixels';

export type RenderResult = { ok: true; renditions: Rendition[] } | { ok: false; reason: ImageRejection };

/** Decodes an untrusted image and renders clean WebP renditions (sharp in every runtime). */
export interface ImageProcessor {
  /**
   * `type` is the sniffed type; the decoder must agree with it. Refuses images whose header declares more
   * than the processor's pixel limit without decoding them, and truncated or corrupt images.
   */
  render(input: Uint8Array, type: ImageType, bounds: readonly number[]): Promise<RenderResult>;
}
