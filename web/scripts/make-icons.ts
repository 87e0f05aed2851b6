/**
 * Renders the PNG icons of the web app manifest from public/icons/icon.svg (run after changing the logo:
 * `npx tsx web/scripts/make-icons.ts`). The maskable icon keeps the logo inside the 80% safe zone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const svg = readFileSync(`${dir}icon.svg`);

for (const size of [192, 512]) {
  await sharp(svg, { density: 300 }).resize(size, size).png().toFile(`${dir}icon-${size}.png`);
}
const inner = Math.round(512 * 0.8);
await sharp({ create: { width: 512, height: 512, channels: 4, background: '#a3154d' } })
  .composite([
    { input: await sharp(svg, { density: 300 }).resize(inner, inner).png().toBuffer(), gravity: 'center' },
  ])
  .png()
  .toFile(`${dir}icon-maskable-512.png`);
await sharp(svg, { density: 300 }).resize(180, 180).png().toFile(`${dir}apple-touch-icon.png`);
