import type { PublicPhoto } from '@dating/functions/contract';

interface ProfileThumbnailProps {
  photo: PublicPhoto;
  /** The person's name: the picture's text alternative. */
  name: string;
  className: string;
  loading?: 'eager' | 'lazy';
}

/** A person's photo as a square thumbnail (the match list, the match dialog). */
export function ProfileThumbnail({ photo, name, className, loading }: ProfileThumbnailProps) {
  return (
    <img
      className={className}
      src={photo.urls.thumb}
      width={256}
      height={256}
      alt={name}
      loading={loading}
      decoding="async"
    />
  );
}
