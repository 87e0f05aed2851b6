import type { PublicPhoto } from '@dating/functions/contract';
import { useState } from 'react';

interface PhotoGalleryProps {
  photos: readonly PublicPhoto[];
  /** The person's name, for the alt text. */
  name: string;
  /** `eager` for the photo a page opens with; the rest load when shown. */
  loading?: 'eager' | 'lazy';
}

/** Renditions are at most 1080 px on the long side; the frame is 4:5 so the page never jumps while loading. */
export const DISPLAY_WIDTH = 1080;
export const DISPLAY_HEIGHT = 1350;

/** One photo at a time with previous/next buttons; the position is announced with the new photo's alt text. */
export function PhotoGallery({ photos, name, loading = 'eager' }: PhotoGalleryProps) {
  const [shown, setShown] = useState(0);
  const count = photos.length;
  const index = Math.min(shown, Math.max(count - 1, 0));
  const photo = photos[index];

  if (!photo) {
    return (
      <div className="gallery">
        <div className="gallery__frame gallery__frame--empty" role="img" aria-label={`${name} has no photo`}>
          <span aria-hidden="true">{name.charAt(0).toUpperCase()}</span>
        </div>
      </div>
    );
  }

  return (
    <div className="gallery">
      <div className="gallery__frame">
        <img
          key={photo.id}
          className="gallery__image"
          src={photo.urls.display}
          width={DISPLAY_WIDTH}
          height={DISPLAY_HEIGHT}
          alt={count > 1 ? `${name}, photo ${index + 1} of ${count}` : name}
          loading={loading}
          decoding="async"
        />
      </div>
      {count > 1 && (
        <div className="gallery__controls">
          <button
            type="button"
            className="gallery__step"
            onClick={() => setShown((index - 1 + count) % count)}
            aria-label={`Previous photo of ${name}`}
          >
            <span aria-hidden="true">‹</span>
          </button>
          <p className="gallery__position" aria-live="polite">
            Photo {index + 1} of {count}
          </p>
          <button
            type="button"
            className="gallery__step"
            onClick={() => setShown((index + 1) % count)}
            aria-label={`Next photo of ${name}`}
          >
            <span aria-hidden="true">›</span>
          </button>
        </div>
      )}
    </div>
  );
}
