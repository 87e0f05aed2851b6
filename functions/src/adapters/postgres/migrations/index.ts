import { init } from './0001_init';
import { photos } from './0002_photos';
import { matching } from './0003_matching';
import { hardening } from './0004_hardening';
import { chat } from './0005_chat';
import { erasure } from './0006_erasure';
import { discoverySlice } from './0007_discovery_slice';
import { emailDeliverability } from './0008_email_deliverability';
import { mediaTokens } from './0009_media_tokens';
import { sessions } from './0010_sessions';
import { accountTokens } from './0011_account_tokens';
import { moderation } from './0012_moderation';
import { notifications } from './0013_notifications';
import { profilePause } from './0014_profile_pause';
import { likesReceived } from './0015_likes_received';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration, in the order they apply. */
export const migrations: readonly Migration[] = [
  init,
  photos,
  matching,
  hardening,
  chat,
  erasure,
  discoverySlice,
  emailDeliverability,
  mediaTokens,
  sessions,
  accountTokens,
  moderation,
  notifications,
  profilePause,
  likesReceived,
];
