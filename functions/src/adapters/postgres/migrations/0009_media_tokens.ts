import type { Migration } from './migration';

export const mediaTokens: Migration = {
  version: 9,
  name: 'photo media tokens',
  statements: [
    // Rendition keys hold a random token instead of the owner and photo ids (domain/photos.ts). Rows from
    // before keep NULL: their renditions stay under the legacy keys, still served, until the photo is re-keyed
    // (the owner's next photo listing, or a block; docs/decisions/0100-media-urls-and-caching.md).
    `ALTER TABLE photos ADD COLUMN media_token text
       CONSTRAINT photos_media_token_check CHECK (media_token ~ '^[0-9a-f]{32}$')`,
  ],
};
