import type { Migration } from './migration';

export const emailDeliverability: Migration = {
  version: 8,
  name: 'email deliverability',
  statements: [
    // 'ok' until a bounce or complaint about the address arrives (adapters/postgres/email-deliverability.ts);
    // read with the user, so GET /api/me needs no extra statement. Gone with the user row on erasure.
    `ALTER TABLE users ADD COLUMN email_deliverability text NOT NULL DEFAULT 'ok'
       CONSTRAINT users_email_deliverability_check CHECK (email_deliverability IN ('ok', 'bounced', 'complained'))`,
    'ALTER TABLE users ADD COLUMN email_deliverability_at timestamptz',
  ],
};
