import { init } from './0001_init';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration, in the order they apply. */
export const migrations: readonly Migration[] = [init];
