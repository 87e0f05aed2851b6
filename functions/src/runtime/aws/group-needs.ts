import type { FunctionGroup } from '../../handlers/http/http-route';

/**
 * The optional adapters each HTTP group's routes use (see adapters.ts). The entries must wire exactly these
 * (`createGroupHandler` refuses anything else at load time) and the CDK app grants the IAM permissions they
 * need, both from this one table. A `Record` over the groups: a new group does not compile until it is here.
 * Kept free of imports so an entry can read it without bundling the route table.
 */
export interface GroupNeeds {
  /** The photos bucket: presigned POSTs, object deletes, upload checks. */
  blobs?: true;
  /** Events to users' WebSocket connections (PostToConnection through the API Gateway Management client). */
  notifier?: true;
  /** DeleteConnection on the WebSocket API (ending a session closes its connections), besides posting. */
  closeConnections?: true;
}

export const groupNeeds: Record<FunctionGroup, GroupNeeds> = {
  system: {},
  // A password reset ends every session and closes its WebSocket connections (services/account/password-reset.ts).
  auth: { notifier: true, closeConnections: true },
  // Reading one's own profile tidies expired uploads (services/photos/photo-housekeeping.ts): deletes objects.
  // Ending a session closes its WebSocket connections (services/auth/session-service.ts).
  profile: { blobs: true, notifier: true, closeConnections: true },
  photos: { blobs: true, notifier: true },
  matching: { notifier: true },
  // A block moves the blocker's renditions under a new media token (services/photos/photo-media.ts).
  // A suspension or ban closes the user's WebSocket connections (services/moderation/account-restrictions.ts).
  safety: { blobs: true, notifier: true, closeConnections: true },
  chat: { notifier: true },
};
