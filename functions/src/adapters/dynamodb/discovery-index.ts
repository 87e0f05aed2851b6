import { snapToGrid } from '../../domain/geo';
import { geohashOf } from '../../domain/geohash-cells';
import type { ProfileRecord } from '../../domain/records';
import { discoveryCellPartition, discoverySortKey } from './keys';
import { GSI1, GSI2 } from './table';

/**
 * Profiles are indexed twice for discovery, by gender and by the geohash cell of their ~1 km grid-cell
 * centre (what distances are measured between), sorted by birth date so a Query reads only one age range:
 * - fine: GSI1 `DISC#<gender>#<geohash4>` (cells ~39 x 20 km at the equator, narrower towards the poles)
 * - coarse: GSI2 `DISC3#<gender>#<geohash3>` (~156 x 156 km), for search areas too large for the fine cells
 */
export const DISCOVERY_TIERS = {
  fine: { index: GSI1, precision: 4, prefix: 'DISC' },
  coarse: { index: GSI2, precision: 3, prefix: 'DISC3' },
} as const;

export type DiscoveryTier = keyof typeof DISCOVERY_TIERS;

/** The four GSI key attributes the profile item carries (written by every profile put). */
export function discoveryIndexKeys(profile: ProfileRecord): Record<string, string> {
  const centre = snapToGrid(profile.location);
  const sortKey = discoverySortKey(profile.birthDate, profile.userId);
  const keys: Record<string, string> = {};
  for (const { index, precision, prefix } of Object.values(DISCOVERY_TIERS)) {
    keys[index.partitionKey] = discoveryCellPartition(prefix, profile.gender, geohashOf(centre, precision));
    keys[index.sortKey] = sortKey;
  }
  return keys;
}
