/** Everyone on the platform is at least this old: profiles and age preferences both start here. */
export const MIN_AGE = 18;
/** The oldest age a preference range can name. */
export const MAX_AGE = 99;

/** Whole years between a YYYY-MM-DD birth date and `now`, in UTC: the server and the SPA count age alike. */
export function ageOn(birthDate: string, now: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - year;
  const beforeBirthday =
    now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}
