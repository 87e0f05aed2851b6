import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** A new ULID: sortable by creation time, unique across processes. */
export const newId = (now: Date = new Date()): string => nextUlid(now.getTime());
