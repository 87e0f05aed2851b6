import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '@dating/functions/contract';
import { type DragEvent, useId, useState } from 'react';

interface PhotoUploaderProps {
  slotsLeft: number;
  onFiles: (files: File[]) => void;
}

const accept = 'image/jpeg,image/png,image/webp';

const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/** A file picker that also takes files dropped on it. At the limit it says why nothing can be added. */
export function PhotoUploader({ slotsLeft, onFiles }: PhotoUploaderProps) {
  const [dragging, setDragging] = useState(false);
  const id = useId();
  const full = slotsLeft === 0;

  const drop = (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    if (!full) onFiles([...event.dataTransfer.files]);
  };

  const over = (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = full ? 'none' : 'copy';
    setDragging(true);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the file input does the same.
    <div
      className={['dropzone', dragging && 'dropzone--active', full && 'dropzone--full']
        .filter(Boolean)
        .join(' ')}
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={drop}
    >
      <input
        id={`${id}-input`}
        className="visually-hidden dropzone__input"
        type="file"
        accept={accept}
        multiple
        disabled={full}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          // Cleared, so choosing the same file again (after a failure) fires `change` again.
          event.currentTarget.value = '';
          onFiles(files);
        }}
      />
      <label htmlFor={`${id}-input`} className="button button--primary dropzone__button">
        <span className="button__label">Add photos</span>
      </label>
      <p id={`${id}-hint`} className="dropzone__hint">
        {full
          ? `You have ${MAX_PHOTOS} photos, the most allowed. Delete one to add another.`
          : `Choose photos or drag them here. JPEG, PNG or WebP, up to ${MAX_PHOTO_BYTES / 1024 / 1024} MB each; ${slotsLeft} more ${slotsLeft === 1 ? 'fits' : 'fit'}.`}
      </p>
    </div>
  );
}
