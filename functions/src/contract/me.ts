import * as z from 'zod/mini';
import { Id, IsoDateTime } from './common';

export const Me = z.object({
  id: Id,
  email: z.string(),
  createdAt: IsoDateTime,
  profileComplete: z.boolean(),
  /** From the profile; null until there is one. */
  displayName: z.nullable(z.string()),
});
export type Me = z.infer<typeof Me>;

export const Health = z.object({ status: z.literal('ok'), version: z.string() });
