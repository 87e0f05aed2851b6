import type { ImageProcessor } from '../../ports/image-processor';

/** sharp (libvips); only the photo function has its linux-arm64 binary (infra/lib/photo-stack.ts). */
export const sharpImages = async (): Promise<ImageProcessor> => {
  const [{ createSharpImageProcessor }, { MAX_INPUT_PIXELS }] = await Promise.all([
    import('../../adapters/images/sharp-image-processor'),
    import('../../domain/photos'),
  ]);
  return createSharpImageProcessor({ maxInputPixels: MAX_INPUT_PIXELS });
};
