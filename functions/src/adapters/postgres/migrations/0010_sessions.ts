import type { Migration } from './migration';

export const sessions: Migration = {
  version: 10,
  name: 'sessions list and ending sessions',
  statements: [
    // The sessions list shows each login's device (a coarse label, never the User-Agent) and last use.
    'ALTER TABLE refresh_token_families ADD COLUMN device text',
    'ALTER TABLE refresh_token_families ADD COLUMN last_used_at timestamptz',
    // Ending a session closes the WebSocket connections opened in it: tickets and connections know it.
    'ALTER TABLE realtime_tickets ADD COLUMN session_id text',
    'ALTER TABLE realtime_connections ADD COLUMN session_id text',
  ],
};
