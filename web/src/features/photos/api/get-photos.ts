import { type Photo, PhotoList } from '@dating/functions/contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The caller's photos: ready ones in their order (the first is the main photo), then pending and rejected. */
export const getPhotos = async (signal?: AbortSignal): Promise<Photo[]> =>
  (await api.request('GET', '/api/photos', { schema: PhotoList, signal })).items;

/**
 * While a photo is processing, ask again: every second at first (processing takes a second or two), less often
 * for a photo that stays pending (an upload that never arrives expires after 15 minutes). A WebSocket `photo`
 * event replaces this once the realtime connection exists.
 */
export function pollInterval(photos: readonly Photo[] | undefined, now: number): number | false {
  const pendingSince = (photos ?? [])
    .filter((photo) => photo.status === 'pending')
    .map((photo) => Date.parse(photo.createdAt));
  if (pendingSince.length === 0) return false;
  const waited = now - Math.max(...pendingSince);
  if (waited < 30_000) return 1000;
  if (waited < 120_000) return 3000;
  return 10_000;
}

export const getPhotosQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.photos,
    queryFn: ({ signal }) => getPhotos(signal),
    refetchInterval: (query) => pollInterval(query.state.data, Date.now()),
  });

export const usePhotos = () => useQuery(getPhotosQueryOptions());
