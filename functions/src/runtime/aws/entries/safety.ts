import { safetyRoutes } from '../../../handlers/http/safety-routes';
import { createGroupHandler } from '../http-handler';
import { s3Blobs } from '../s3-blobs';

/** Blocks and reports (a block re-keys the blocker's photo renditions: the bucket). */
export const handler = createGroupHandler('safety', safetyRoutes, { blobs: s3Blobs });
