import sharp from 'sharp';
import type { DemoPerson } from './demo-population';

/**
 * A simple generated portrait (no text, so no fonts needed): a gradient background, a head and shoulders,
 * shifted a little per photo so each of a person's photos differs. A JPEG, as a phone would upload it.
 */
export async function portraitJpeg(person: DemoPerson, photoIndex: number): Promise<Buffer> {
  const { background, skin, shirt } = person.palette;
  const shift = photoIndex * 40;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="900" viewBox="0 0 720 900">
  <defs><linearGradient id="g" x1="0" y1="0" x2="${photoIndex % 2}" y2="1">
    <stop offset="0" stop-color="${background[0]}"/><stop offset="1" stop-color="${background[1]}"/>
  </linearGradient></defs>
  <rect width="720" height="900" fill="url(#g)"/>
  <circle cx="${560 - shift}" cy="${140 + shift}" r="${60 + photoIndex * 15}" fill="#ffffff" fill-opacity="0.18"/>
  <ellipse cx="${360 + shift / 2}" cy="860" rx="260" ry="230" fill="${shirt}"/>
  <rect x="${320 + shift / 2}" y="470" width="80" height="120" fill="${skin}"/>
  <ellipse cx="${360 + shift / 2}" cy="380" rx="130" ry="160" fill="${skin}"/>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}
