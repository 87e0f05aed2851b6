import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) next to every compressible file of a
 * built SPA, for the lab runtime to send as they are (static-files.ts): compressing once at build time at the
 * highest levels costs nothing per request. Files that do not shrink by at least 5% get no siblings.
 *
 *   tsx functions/scripts/precompress.ts web/dist
 */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.txt',
  '.xml',
  '.webmanifest',
  '.wasm',
  '.ico',
]);
const MIN_BYTES = 256;

export async function precompressDir(dir: string): Promise<{ files: number; bytes: number; brotli: number }> {
  let files = 0;
  let bytes = 0;
  let brotli = 0;
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      if (!entry.isFile() || !COMPRESSIBLE.has(extname(entry.name).toLowerCase())) continue;
      if ((await stat(path)).size < MIN_BYTES) continue;
      const content = await readFile(path);
      const br = brotliCompressSync(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      });
      const gz = gzipSync(content, { level: 9 });
      if (br.length < content.length * 0.95) await writeFile(`${path}.br`, br);
      if (gz.length < content.length * 0.95) await writeFile(`${path}.gz`, gz);
      files += 1;
      bytes += content.length;
      brotli += Math.min(br.length, content.length);
    }
  };
  await walk(dir);
  return { files, bytes, brotli };
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('precompress.ts')) {
  const dir = resolve(process.argv[2] ?? 'web/dist');
  const { files, bytes, brotli } = await precompressDir(dir);
  console.log(
    `precompressed ${files} files in ${dir}: ${(bytes / 1024).toFixed(0)} KB -> ${(brotli / 1024).toFixed(0)} KB brotli`,
  );
}
