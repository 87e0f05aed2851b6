import { profileRoutes } from '../../../handlers/http/profile-routes';
import { createGroupHandler } from '../http-handler';
import { s3Blobs } from '../s3-blobs';

/** The caller's account and profile, other users' public profiles (tidying expired uploads needs the bucket). */
export const handler = createGroupHandler('profile', profileRoutes, { blobs: s3Blobs });
