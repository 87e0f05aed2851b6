import type { Migration } from './migration';

export const profilePause: Migration = {
  version: 14,
  name: 'profile pause',
  statements: [
    // Set while the owner has paused the profile: discovery leaves it out, matches and chats go on.
    'ALTER TABLE profiles ADD COLUMN paused_at timestamptz',
  ],
};
