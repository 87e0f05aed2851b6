import * as z from 'zod/mini';
import { MAX_AGE, MIN_AGE } from './age';
import { Id, IsoDateTime } from './common';

/** Limits of a profile, shared by the schema below and the SPA's editor. */
export const MAX_DISPLAY_NAME_LENGTH = 50;
export const MAX_BIO_LENGTH = 500;
export const MAX_INTERESTS = 10;
export const MAX_INTEREST_LENGTH = 30;
export const MAX_PROMPTS = 3;
export const MAX_PROMPT_QUESTION_LENGTH = 120;
export const MAX_PROMPT_ANSWER_LENGTH = 200;
export const MAX_DISTANCE_KM = 500;

export const genders = ['woman', 'man', 'nonbinary'] as const;
export const Gender = z.enum(genders);
export type Gender = z.infer<typeof Gender>;

export const BirthDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  z.refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'must be a real calendar date'),
);

export const Location = z.strictObject({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lon: z.number().check(z.gte(-180), z.lte(180)),
});
export type Location = z.infer<typeof Location>;

const Age = z.int().check(z.gte(MIN_AGE), z.lte(MAX_AGE));

const Interest = z.pipe(
  z.string(),
  z.pipe(
    z.transform((value: string) => value.trim().toLowerCase()),
    z.string().check(z.minLength(1), z.maxLength(MAX_INTEREST_LENGTH)),
  ),
);

export const Prompt = z.strictObject({
  question: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_PROMPT_QUESTION_LENGTH)),
  answer: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_PROMPT_ANSWER_LENGTH)),
});

export const ProfileInput = z
  .strictObject({
    displayName: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_DISPLAY_NAME_LENGTH)),
    birthDate: BirthDate,
    gender: Gender,
    interestedIn: z.array(Gender).check(
      z.minLength(1),
      z.refine((list) => new Set(list).size === list.length, 'must not repeat a gender'),
    ),
    ageMin: Age,
    ageMax: Age,
    maxDistanceKm: z.int().check(z.gte(1), z.lte(MAX_DISTANCE_KM)),
    location: Location,
    bio: z._default(z.string().check(z.trim(), z.maxLength(MAX_BIO_LENGTH)), ''),
    interests: z._default(
      z.array(Interest).check(
        z.maxLength(MAX_INTERESTS),
        z.refine((list) => new Set(list).size === list.length, 'must be distinct'),
      ),
      [],
    ),
    prompts: z._default(z.array(Prompt).check(z.maxLength(MAX_PROMPTS)), []),
  })
  .check(
    z.refine((profile) => profile.ageMin <= profile.ageMax, {
      message: 'ageMin must not be greater than ageMax',
      path: ['ageMin'],
    }),
  );
export type ProfileInput = z.infer<typeof ProfileInput>;

export const PhotoStatus = z.enum(['pending', 'ready', 'rejected']);

export const PhotoUrls = z.object({ thumb: z.string(), display: z.string() });

export const Photo = z.object({
  id: Id,
  status: PhotoStatus,
  urls: z.optional(PhotoUrls),
  rejectReason: z.optional(z.string()),
  createdAt: IsoDateTime,
});
export type Photo = z.infer<typeof Photo>;

export const PublicPhoto = z.object({ id: Id, urls: PhotoUrls });
export type PublicPhoto = z.infer<typeof PublicPhoto>;

/** The owner's own profile: everything they entered, plus derived facts. */
export const Profile = z.object({
  userId: Id,
  displayName: z.string(),
  birthDate: z.string(),
  age: z.int(),
  gender: Gender,
  interestedIn: z.array(Gender),
  ageMin: z.int(),
  ageMax: z.int(),
  maxDistanceKm: z.int(),
  location: Location,
  bio: z.string(),
  interests: z.array(z.string()),
  prompts: z.array(Prompt),
  photos: z.array(Photo),
  updatedAt: IsoDateTime,
  /** When the owner paused the profile (nobody new sees them; matches and chats go on), or null while live. */
  pausedAt: z.nullable(IsoDateTime),
});
export type Profile = z.infer<typeof Profile>;

/** What another user may see: no email, no birth date, no coordinates; distance in whole km. */
export const PublicProfile = z.object({
  userId: Id,
  displayName: z.string(),
  age: z.int(),
  gender: Gender,
  bio: z.string(),
  interests: z.array(z.string()),
  prompts: z.array(Prompt),
  photos: z.array(PublicPhoto),
  distanceKm: z.int(),
});
export type PublicProfile = z.infer<typeof PublicProfile>;

export const UserIdParams = z.strictObject({ userId: Id });
