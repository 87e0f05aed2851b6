import type { Photo } from '@dating/functions/contract';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import type { ActiveUpload } from '../hooks/use-photo-uploads';
import { moveBy, moveTo, readyPhotoIds } from '../photo-order';
import { PhotoTile } from './photo-tile';

interface PhotoGridProps {
  photos: readonly Photo[];
  ownerName: string;
  uploads: readonly ActiveUpload[];
  /** A new order of the ready photos, and the one the user moved. */
  onReorder: (orderedIds: readonly string[], movedId: string) => void;
  onDelete: (photo: Photo) => void;
}

type FocusRequest = { id: string; button: 'earlier' | 'later'; expected: string };

const DRAG_TYPE = 'application/x-dating-photo';

/**
 * The photos in order. Ready ones move by drag and drop or by their earlier/later buttons; after a move by
 * button, focus stays on that button of the moved photo (or its other one at either end), wherever it went.
 */
export function PhotoGrid({ photos, ownerName, uploads, onReorder, onDelete }: PhotoGridProps) {
  const readyIds = readyPhotoIds(photos);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  // Runs after every render while a request is open: the optimistic reorder can land a render later, and
  // moving a focused element in the DOM drops its focus, so focus is put back after each commit.
  useEffect(() => {
    if (!focusRequest) return;
    const other = focusRequest.button === 'earlier' ? 'later' : 'earlier';
    const wanted = buttons.current.get(`${focusRequest.id}:${focusRequest.button}`);
    const fallback = buttons.current.get(`${focusRequest.id}:${other}`);
    const target = wanted && !wanted.disabled ? wanted : fallback;
    if (target && document.activeElement !== target) target.focus();
    if (readyIds.join() === focusRequest.expected) setFocusRequest(null);
  });

  useEffect(() => {
    if (!focusRequest) return;
    // A reorder that never lands (refused) must not hold focus hostage.
    const timer = setTimeout(() => setFocusRequest(null), 3000);
    return () => clearTimeout(timer);
  }, [focusRequest]);

  const buttonRef = (id: string, button: 'earlier' | 'later') => (element: HTMLButtonElement | null) => {
    if (element) buttons.current.set(`${id}:${button}`, element);
    else buttons.current.delete(`${id}:${button}`);
  };

  const move = (id: string, offset: -1 | 1) => {
    const next = moveBy(readyIds, id, offset);
    if (next === readyIds) return;
    setFocusRequest({ id, button: offset === -1 ? 'earlier' : 'later', expected: next.join() });
    onReorder(next, id);
  };

  const dragHandlers = (id: string) => ({
    dragging: dragged === id,
    dropTarget: dropTarget === id && dragged !== id,
    onDragStart: (event: DragEvent<HTMLLIElement>) => {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData(DRAG_TYPE, id);
      setDragged(id);
    },
    onDragOver: (event: DragEvent<HTMLLIElement>) => {
      if (!dragged || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setDropTarget(id);
    },
    onDrop: (event: DragEvent<HTMLLIElement>) => {
      if (!dragged) return;
      event.preventDefault();
      const next = moveTo(readyIds, readyIds.indexOf(dragged), readyIds.indexOf(id));
      if (next !== readyIds) onReorder(next, dragged);
      setDragged(null);
      setDropTarget(null);
    },
    onDragEnd: () => {
      setDragged(null);
      setDropTarget(null);
    },
  });

  const uploadFor = (photoId: string) => uploads.find((upload) => upload.photoId === photoId);

  return (
    <ol className="photo-grid" aria-label="Your photos">
      {photos.map((photo) => {
        const index = readyIds.indexOf(photo.id);
        const ready = index !== -1;
        return (
          <PhotoTile
            key={photo.id}
            photo={photo}
            ownerName={ownerName}
            upload={uploadFor(photo.id)}
            onDelete={() => onDelete(photo)}
            order={
              ready
                ? {
                    index,
                    count: readyIds.length,
                    earlierRef: buttonRef(photo.id, 'earlier'),
                    laterRef: buttonRef(photo.id, 'later'),
                    onMove: (offset) => move(photo.id, offset),
                  }
                : undefined
            }
            drag={ready && readyIds.length > 1 ? dragHandlers(photo.id) : undefined}
          />
        );
      })}
    </ol>
  );
}
