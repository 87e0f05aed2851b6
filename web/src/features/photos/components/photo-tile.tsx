import type { Photo } from '@dating/functions/contract';
import type { DragEvent, Ref } from 'react';
import { ArrowLeftIcon, ArrowRightIcon, TrashIcon } from '../../../components/ui/icons';
import type { ActiveUpload } from '../hooks/use-photo-uploads';
import { describeRejectReason } from '../photo-rules';

/** Thumbnails are at most 256 px on the long side; the tile is 4:5 so nothing moves while they load. */
const THUMB_WIDTH = 256;
const THUMB_HEIGHT = 320;

export interface TileOrder {
  /** 0-based among the ready photos. */
  index: number;
  count: number;
  earlierRef: Ref<HTMLButtonElement>;
  laterRef: Ref<HTMLButtonElement>;
  onMove: (offset: -1 | 1) => void;
}

export interface TileDrag {
  dragging: boolean;
  dropTarget: boolean;
  onDragStart: (event: DragEvent<HTMLLIElement>) => void;
  onDragOver: (event: DragEvent<HTMLLIElement>) => void;
  onDrop: (event: DragEvent<HTMLLIElement>) => void;
  onDragEnd: () => void;
}

interface PhotoTileProps {
  photo: Photo;
  /** Whose photos these are, for the alt text. */
  ownerName: string;
  /** Ready photos only. */
  order?: TileOrder;
  drag?: TileDrag;
  upload?: ActiveUpload;
  onDelete: () => void;
}

function PendingState({ upload }: { upload: ActiveUpload | undefined }) {
  if (upload && upload.phase === 'uploading') {
    const percent = Math.round(upload.progress * 100);
    return (
      <div className="photo-tile__state">
        <progress
          className="photo-tile__progress"
          max={100}
          value={percent}
          aria-label={`Uploading ${upload.fileName}`}
        />
        <p>Uploading… {percent}%</p>
      </div>
    );
  }
  return (
    <div className="photo-tile__state">
      <span className="spinner" aria-hidden="true" />
      <p>Processing…</p>
    </div>
  );
}

/** One photo: its thumbnail and order controls when ready, progress while pending, the reason when rejected. */
export function PhotoTile({ photo, ownerName, order, drag, upload, onDelete }: PhotoTileProps) {
  const position = order ? order.index + 1 : null;
  const label = position
    ? `photo ${position}`
    : photo.status === 'pending'
      ? 'pending photo'
      : 'rejected photo';
  const classes = [
    'photo-tile',
    `photo-tile--${photo.status}`,
    drag?.dragging && 'photo-tile--dragging',
    drag?.dropTarget && 'photo-tile--drop-target',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li
      className={classes}
      draggable={drag ? true : undefined}
      onDragStart={drag?.onDragStart}
      onDragOver={drag?.onDragOver}
      onDrop={drag?.onDrop}
      onDragEnd={drag?.onDragEnd}
      aria-label={position ? `Photo ${position} of ${order?.count}` : undefined}
    >
      <div className="photo-tile__frame">
        {photo.status === 'ready' && photo.urls ? (
          <img
            className="photo-tile__image"
            src={photo.urls.thumb}
            // Sharp on high-density phone screens too: the browser takes the larger rendition when it needs it.
            srcSet={`${photo.urls.thumb} 256w, ${photo.urls.display} 1080w`}
            sizes="(min-width: 48rem) 15rem, 50vw"
            width={THUMB_WIDTH}
            height={THUMB_HEIGHT}
            alt={position === 1 ? `${ownerName}, main photo` : `${ownerName}, photo ${position}`}
            draggable={false}
            decoding="async"
          />
        ) : photo.status === 'pending' ? (
          <PendingState upload={upload} />
        ) : (
          <div className="photo-tile__state photo-tile__state--rejected">
            <p className="photo-tile__rejected-title">Not used</p>
            <p>{describeRejectReason(photo.rejectReason)}</p>
          </div>
        )}
        {position === 1 && <span className="photo-tile__badge">Main photo</span>}
      </div>
      <div className="photo-tile__actions">
        {order && order.count > 1 && (
          <>
            <button
              ref={order.earlierRef}
              type="button"
              className="icon-button"
              onClick={() => order.onMove(-1)}
              disabled={order.index === 0}
              aria-label={`Move photo ${position} earlier`}
            >
              <ArrowLeftIcon />
            </button>
            <button
              ref={order.laterRef}
              type="button"
              className="icon-button"
              onClick={() => order.onMove(1)}
              disabled={order.index === order.count - 1}
              aria-label={`Move photo ${position} later`}
            >
              <ArrowRightIcon />
            </button>
          </>
        )}
        <button
          type="button"
          className="icon-button icon-button--danger photo-tile__delete"
          onClick={onDelete}
          disabled={upload !== undefined}
          aria-label={`Delete ${label}`}
        >
          <TrashIcon />
        </button>
      </div>
    </li>
  );
}
