import { PARTITION_KEY, SORT_KEY } from './table';

/** Every key format of the table lives here; README.md lists the same keys. */
export interface ItemKey {
  [PARTITION_KEY]: string;
  [SORT_KEY]: string;
}

const key = (partition: string, sort: string): ItemKey => ({ [PARTITION_KEY]: partition, [SORT_KEY]: sort });

export const userPartition = (userId: string) => `USER#${userId}`;

export const userKey = (userId: string) => key(userPartition(userId), 'USER');

/** `email` is already normalized by the service, so one claim exists per address. */
export const emailClaimKey = (email: string) => key(`EMAIL#${email}`, 'EMAIL');

export const profileKey = (userId: string) => key(userPartition(userId), 'PROFILE');

export const refreshTokenKey = (tokenHash: string) => key(`RT#${tokenHash}`, 'RT');

export const REFRESH_FAMILY_PREFIX = 'RTFAM#';

/** Families sit in the user's partition so one Query finds all of a user's sessions. */
export const refreshFamilyKey = (userId: string, familyId: string) =>
  key(userPartition(userId), `${REFRESH_FAMILY_PREFIX}${familyId}`);

/** A key no item uses: reading it is the cheapest round trip for `ping`. */
export const pingKey = () => key('PING', 'PING');
