import type { Migration } from './migration';

export const discoverySlice: Migration = {
  version: 7,
  name: 'discovery candidate slice',
  statements: [
    // Discovery reads, per gender and 1-degree cell of the search area, the most recently active people first
    // and stops after a bounded slice of eligible ones (adapters/postgres/discovery.ts), so its cost no longer grows with
    // how many people live in the area. The cell is the whole-degree floor of the stored grid centre; the
    // activity key is discoveryScore's (the later of updated_at and last_active_at). grid_lat, grid_lon and
    // birth_date follow it so the search box and the viewer's age range are checked on index entries, before
    // any row is read. (Adding the candidate's age range and "seeks the viewer's gender" as further keys made
    // the planner sort whole cells instead of stopping early: 2.5x the CPU per call at 100,000 profiles.)
    // Same name as the index it replaces (0003's (gender, grid_lat, grid_lon)).
    'DROP INDEX profiles_discovery_idx',
    `CREATE INDEX profiles_discovery_idx ON profiles (gender, floor(grid_lat), floor(grid_lon),
       (GREATEST(updated_at, COALESCE(last_active_at, updated_at))) DESC, user_id, grid_lat, grid_lon, birth_date)`,
  ],
};
