export type PhotoStatus = 'pending' | 'ready' | 'rejected';

export interface PhotoRecord {
  id: string;
  userId: string;
  status: PhotoStatus;
  /** Declared by the client when the upload started; the processor sniffs the real type. */
  contentType: string;
  declaredSize: number;
  /**
   * Order among the user's ready photos (lowest first = primary). Only the relative order of ready photos
   * means anything: stores may leave gaps, and pending or rejected photos keep 0 and sort after ready ones.
   */
  position: number;
  rejectReason: string | null;
  /**
   * The random token naming the photo's renditions (`media/<token>/<size>.webp`, domain/photos.ts); null for
   * photos stored before tokens existed, whose renditions keep their legacy keys until re-keyed.
   */
  mediaToken: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What starting an upload stores: a pending photo. */
export type NewPhoto = Pick<PhotoRecord, 'id' | 'userId' | 'contentType' | 'declaredSize' | 'createdAt'> & {
  mediaToken: string;
};

export type PhotoOutcome = { status: 'ready' } | { status: 'rejected'; reason: string };

export interface PhotoRepository {
  /**
   * Adds a pending photo (position 0, updatedAt = createdAt) unless the user already holds `limit` photos
   * that are pending or ready (rejected ones do not count). The check and the insert are one atomic step in
   * the store, so concurrent uploads cannot overshoot the limit.
   */
  add(photo: NewPhoto, limit: number): Promise<'added' | 'limit_reached'>;
  get(userId: string, photoId: string): Promise<PhotoRecord | null>;
  /** The user's photos: ready ones by position, then the others by creation time. */
  listByUser(userId: string): Promise<PhotoRecord[]>;
  /**
   * Ready photos (by position) of many users in one round trip (discovery, matches): never one request per
   * user. Users without ready photos are absent from the map.
   */
  listReadyByUsers(userIds: readonly string[]): Promise<Map<string, PhotoRecord[]>>;
  /**
   * Moves a pending photo to ready (placed after the user's other ready photos) or rejected. Returns false,
   * changing nothing, when the photo is gone or already processed: a redelivered S3 event is harmless.
   */
  markProcessed(userId: string, photoId: string, outcome: PhotoOutcome, at: string): Promise<boolean>;
  /**
   * Sets the order of the ready photos (first = primary); false, changing nothing, when `photoIds` is not
   * exactly the set of the user's ready photo ids at that moment.
   */
  reorder(userId: string, photoIds: readonly string[], at: string): Promise<boolean>;
  /**
   * Points a ready photo at new renditions: sets its media token to `next` if it is still ready and its token
   * is still `expected` (null: a legacy photo). False, changing nothing, otherwise (deleted, or re-keyed
   * meanwhile): the caller then deletes what it wrote for `next`.
   */
  replaceMediaToken(userId: string, photoId: string, expected: string | null, next: string): Promise<boolean>;
  /** Deletes the record and answers what was deleted (null when there was nothing). */
  remove(userId: string, photoId: string): Promise<PhotoRecord | null>;
}
