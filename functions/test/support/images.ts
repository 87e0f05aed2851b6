import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Test images made on the fly: real encoders for real files, hand-built bytes for hostile ones. */

/** Where the photo was "taken": the GPS position the pipeline must strip. */
export const GPS = { latitude: [52, 31, 12], longitude: [13, 24, 36] } as const;

/**
 * A real camera-style JPEG: `width` x `height` stored pixels with EXIF orientation 6 (display rotated 90°
 * clockwise, so it shows as height x width), EXIF GPS position, camera make/model, an XMP packet and an ICC
 * profile. A red left half and a blue right half, so the rotation is visible in the pixels too.
 */
export async function cameraJpeg(width = 1600, height = 1200): Promise<Buffer> {
  const half = Math.floor(width / 2);
  const red = await sharp({
    create: { width: half, height, channels: 3, background: { r: 220, g: 20, b: 20 } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 20, b: 220 } } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Leaky 3000', Copyright: 'owner' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: GPS.latitude.map((value) => `${value}/1`).join(' '),
        GPSLongitudeRef: 'E',
        GPSLongitude: GPS.longitude.map((value) => `${value}/1`).join(' '),
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Private Person</dc:creator>' +
        '</rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .withIccProfile('p3')
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export const plainPng = (width: number, height: number, alpha = false) =>
  sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: { r: 10, g: 200, b: 10, alpha: alpha ? 0.5 : 1 },
    },
  })
    .png()
    .toBuffer();

export const plainWebp = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: 10, b: 10 } } })
    .webp()
    .toBuffer();

export const htmlRenamedJpg = () =>
  Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n');

export const svgRenamedJpg = () =>
  Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">' +
      '<script>alert(1)</script><rect width="400" height="400" fill="red"/></svg>',
  );

/** The first 60% of a real JPEG: a valid header, then the data stops. */
export async function truncatedJpeg(): Promise<Buffer> {
  // Noise makes the entropy-coded data long enough that cutting it is a real truncation.
  const whole = await sharp({
    create: {
      width: 800,
      height: 600,
      channels: 3,
      background: 'black',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg()
    .toBuffer();
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

const pngChunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, checksum]);
};

/**
 * A decompression bomb: a valid PNG declaring `side` x `side` 1-bit pixels (400 MP at 20000) whose all-zero
 * rows deflate to a few dozen KB. Decoding it to RGBA would need over a gigabyte.
 */
export function pixelBombPng(side = 20_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  const rows = Buffer.alloc(side * (1 + Math.ceil(side / 8))); // filter byte 0 + packed zero bits, per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** What a rendition must not carry: any metadata block sharp can see. */
export async function metadataLeft(image: Uint8Array) {
  const metadata = await sharp(image).metadata();
  return {
    format: metadata.format,
    width: metadata.width,
    height: metadata.height,
    exif: metadata.exif !== undefined,
    xmp: metadata.xmp !== undefined,
    iptc: metadata.iptc !== undefined,
    icc: metadata.icc !== undefined,
    orientation: metadata.orientation,
  };
}

/** True when the bytes contain `text` anywhere (e.g. the camera model or the XMP creator). */
export const containsText = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes).includes(Buffer.from(text, 'latin1'));
