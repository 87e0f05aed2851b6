import { MAX_PHOTOS, type Photo } from '@dating/functions/contract';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { LoadError } from '../../../components/ui/load-error';
import { PageLoader } from '../../../components/ui/page-loader';
import { useAnnouncer } from '../../../hooks/use-announcer';
import { useMe } from '../../../lib/current-user';
import { useDeletePhoto } from '../api/delete-photo';
import { usePhotos } from '../api/get-photos';
import { useReorderPhotos } from '../api/reorder-photos';
import { usePhotoUploads } from '../hooks/use-photo-uploads';
import { describeMove } from '../photo-order';
import { describeRejectReason, photosInUse, slotsLeft } from '../photo-rules';
import { PhotoGrid } from './photo-grid';
import { PhotoUploader } from './photo-uploader';

/** Announces photos that finished processing since the last answer (the list is polled while any is pending). */
function useProcessingAnnouncements(photos: readonly Photo[] | undefined, announce: (text: string) => void) {
  const previous = useRef(new Map<string, Photo['status']>());
  useEffect(() => {
    if (!photos) return;
    for (const photo of photos) {
      if (previous.current.get(photo.id) !== 'pending') continue;
      if (photo.status === 'ready') announce('A photo is processed and on your profile.');
      if (photo.status === 'rejected')
        announce(`A photo could not be used: ${describeRejectReason(photo.rejectReason)}`);
    }
    previous.current = new Map(photos.map((photo) => [photo.id, photo.status]));
  }, [photos, announce]);
}

/** The photos page: upload, order, delete, with the processing status of each photo. */
export function PhotosManager() {
  const photos = usePhotos();
  const me = useMe();
  const [announcement, announce] = useAnnouncer();
  const [reorderError, setReorderError] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<Photo | null>(null);
  const list = photos.data ?? [];
  const uploads = usePhotoUploads({ slotsLeft: slotsLeft(list), announce });
  const reorder = useReorderPhotos({
    onError: (error) => {
      setReorderError(`The new order could not be saved: ${error.message}`);
      announce('The new order could not be saved.');
    },
  });
  const deletion = useDeletePhoto({
    mutationConfig: {
      onSuccess: () => {
        setToDelete(null);
        announce('The photo is deleted.');
      },
    },
  });
  useProcessingAnnouncements(photos.data, announce);

  if (photos.isPending) return <PageLoader label="Loading your photos…" />;
  if (photos.isError) {
    return <LoadError title="Your photos could not be loaded." query={photos} />;
  }

  const ownerName = me.data?.displayName ?? 'Your photo';
  const hasReady = list.some((photo) => photo.status === 'ready');
  // Files being checked or waiting for their slot: not in the list yet. The line keeps its height (no jump).
  const preparing = uploads.active.filter((upload) => upload.photoId === null);

  return (
    <div className="photos">
      <div className="photos__summary">
        <p className="photos__count">
          <strong>{photosInUse(list)}</strong> of {MAX_PHOTOS} photos
        </p>
        {!hasReady && (
          <p className="photos__notice">Add at least one photo: people see only profiles with a photo.</p>
        )}
      </div>
      <PhotoUploader slotsLeft={slotsLeft(list)} onFiles={uploads.addFiles} />
      <p className="photos__preparing">
        {preparing.length > 0 && (
          <>
            <span className="spinner" aria-hidden="true" /> Preparing{' '}
            {preparing.map((upload) => `“${upload.fileName}”`).join(', ')}…
          </>
        )}
      </p>
      {uploads.failures.map((failure) => (
        <Alert key={failure.key} title={failure.message}>
          <Button variant="quiet" onClick={() => uploads.dismissFailure(failure.key)}>
            Dismiss
          </Button>
        </Alert>
      ))}
      {reorderError && (
        <Alert title={reorderError}>
          <Button variant="quiet" onClick={() => setReorderError(null)}>
            Dismiss
          </Button>
        </Alert>
      )}
      {list.length === 0 ? (
        <p className="photos__empty">No photos yet. Your first photo becomes your main photo.</p>
      ) : (
        <>
          {list.filter((photo) => photo.status === 'ready').length > 1 && (
            <p className="photos__hint">
              Your first photo is your main photo. Drag photos, or use their arrow buttons, to change the
              order.
            </p>
          )}
          <PhotoGrid
            photos={list}
            ownerName={ownerName}
            uploads={uploads.active}
            onReorder={(orderedIds, movedId) => {
              setReorderError(null);
              reorder.mutate(orderedIds);
              announce(describeMove(orderedIds, movedId));
            }}
            onDelete={(photo) => {
              deletion.reset();
              setToDelete(photo);
            }}
          />
        </>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this photo?"
        confirmLabel="Delete photo"
        pending={deletion.isPending}
        error={deletion.error?.message ?? null}
        onConfirm={() => toDelete && deletion.mutate(toDelete.id)}
        onCancel={() => setToDelete(null)}
      >
        It is removed from your profile and deleted for good.
      </ConfirmDialog>
    </div>
  );
}
