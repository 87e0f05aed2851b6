const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "25 Nov 2026" in the reader's locale. */
export const formatDay = (isoDateTime: string) => dayFormat.format(new Date(isoDateTime));
