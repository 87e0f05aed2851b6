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
  /** DeleteConnection on the WebSocket API (ending a session closes its connections), besides posting. */
  closeConnections?: true;
}

export const groupNeeds: Record<FunctionGroup, GroupNeeds> = {
  system: {},
  // Ending a session closes its WebSocket connections (services/auth/session-service.ts).
  auth: { closeConnections: true },
  // Reading one's own profile tidies expired uploads (services/photos/photo-housekeeping.ts): deletes objects.
  profile: { blobs: true },
  photos: { blobs: true },
  matching: {},
  // A block moves the blocker's renditions under a new media token (services/photos/photo-media.ts).
  safety: { blobs: true },
  chat: {},
};
