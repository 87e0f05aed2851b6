export type PhotoStatus = 'pending' | 'ready' | 'rejected';

export interface PhotoRecord {
  id: string;
  userId: string;
  status: PhotoStatus;
  /** Declared by the client when the upload started; the processor sniffs the real type. */
  contentType: string;
  declaredSize: number;
  /** Order among the user's photos (0 = primary); pending and rejected photos sort after ready ones. */
  position: number;
  rejectReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export type PhotoOutcome = { status: 'ready' } | { status: 'rejected'; reason: string };

export interface PhotoRepository {
  /** Adds a pending photo unless the user already holds `limit` photos (any status but rejected). */
  add(photo: PhotoRecord, limit: number): Promise<'added' | 'limit_reached'>;
  get(userId: string, photoId: string): Promise<PhotoRecord | null>;
  /** The user's photos by position, then creation time. */
  listByUser(userId: string): Promise<PhotoRecord[]>;
  /** Ready photos of many users in one round trip (discovery, matches): never one request per user. */
  listReadyByUsers(userIds: readonly string[]): Promise<Map<string, PhotoRecord[]>>;
  /**
   * Moves a pending photo to ready or rejected. Returns false, changing nothing, when the photo is gone or
   * already processed: a redelivered S3 event is harmless.
   */
  markProcessed(userId: string, photoId: string, outcome: PhotoOutcome, at: string): Promise<boolean>;
  /** Sets the order of the ready photos; false when `photoIds` is not exactly the set of ready photo ids. */
  reorder(userId: string, photoIds: readonly string[], at: string): Promise<boolean>;
  /** Deletes the record and answers what was deleted (null when there was nothing). */
  remove(userId: string, photoId: string): Promise<PhotoRecord | null>;
}
