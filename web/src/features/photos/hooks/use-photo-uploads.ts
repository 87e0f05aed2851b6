import { useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-error';
import { StorageUploadError, useUploadPhoto } from '../api/upload-photo';
import { checkPhotoFile, type PickedFile } from '../photo-rules';

export type UploadPhase = 'checking' | 'starting' | 'uploading' | 'finishing';

/** A file on its way: checked, then given a photo id (a pending photo in the list), then sent. */
export interface ActiveUpload {
  key: string;
  fileName: string;
  photoId: string | null;
  phase: UploadPhase;
  /** 0..1 */
  progress: number;
}

export interface FailedUpload {
  key: string;
  message: string;
}

const messageOf = (error: unknown) =>
  error instanceof ApiError || error instanceof StorageUploadError
    ? error.message
    : 'The photo could not be uploaded. Please try again.';

let nextKey = 0;

/**
 * Uploads the files a user picks or drops, one after another (in the order chosen, which becomes their order
 * on the profile), keeping each file's progress and each failure's reason. Files beyond the free slots are
 * refused with a message instead of being sent to be refused by the server.
 */
export function usePhotoUploads({
  slotsLeft,
  announce,
}: {
  slotsLeft: number;
  announce: (message: string) => void;
}) {
  const [active, setActive] = useState<ActiveUpload[]>([]);
  const [failures, setFailures] = useState<FailedUpload[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const upload = useUploadPhoto();

  const update = (key: string, patch: Partial<ActiveUpload>) =>
    setActive((uploads) => uploads.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  const finish = (key: string) => setActive((uploads) => uploads.filter((item) => item.key !== key));
  const fail = (message: string) =>
    setFailures((current) => [...current, { key: `failure-${nextKey++}`, message }]);

  async function send(key: string, file: PickedFile & Blob) {
    const checked = await checkPhotoFile(file);
    if (!checked.ok) {
      finish(key);
      fail(checked.message);
      announce(checked.message);
      return;
    }
    update(key, { phase: 'starting' });
    try {
      await upload.mutateAsync({
        file,
        contentType: checked.contentType,
        onStarted: (photo) => update(key, { photoId: photo.id, phase: 'uploading' }),
        onProgress: (progress) => update(key, { progress, phase: progress >= 1 ? 'finishing' : 'uploading' }),
      });
      announce(`“${file.name}” is uploaded and being processed.`);
    } catch (error) {
      const message = `“${file.name}” was not uploaded: ${messageOf(error)}`;
      fail(message);
      announce(message);
    } finally {
      finish(key);
    }
  }

  const addFiles = (files: readonly (PickedFile & Blob)[]) => {
    if (files.length === 0) return;
    // Uploads that have a photo id already count in `slotsLeft` (their pending photo is in the list).
    const room = Math.max(0, slotsLeft - active.filter((item) => item.photoId === null).length);
    const accepted = files.slice(0, room);
    const refused = files.slice(room);
    if (refused.length > 0) {
      const names = refused.map((file) => `“${file.name}”`).join(', ');
      const message =
        room === 0
          ? `You already have the most photos allowed. Delete one to add ${names}.`
          : `Only ${room} more ${room === 1 ? 'photo fits' : 'photos fit'}; ${names} ${refused.length === 1 ? 'was' : 'were'} not added.`;
      fail(message);
      announce(message);
    }
    const queued = accepted.map((file) => ({
      key: `upload-${nextKey++}`,
      fileName: file.name,
      photoId: null,
      phase: 'checking' as const,
      progress: 0,
      file,
    }));
    setActive((current) => [...current, ...queued.map(({ file: _file, ...item }) => item)]);
    if (queued.length > 0) {
      announce(
        queued.length === 1 ? `Uploading “${queued[0]?.fileName}”.` : `Uploading ${queued.length} photos.`,
      );
    }
    for (const item of queued) {
      queue.current = queue.current.then(() => send(item.key, item.file));
    }
  };

  const dismissFailure = (key: string) =>
    setFailures((current) => current.filter((failure) => failure.key !== key));

  return { active, failures, addFiles, dismissFailure };
}
