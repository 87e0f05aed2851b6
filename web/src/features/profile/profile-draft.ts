import {
  ageOn,
  type Gender,
  type Location,
  MIN_AGE,
  type Profile,
  ProfileInput,
} from '@dating/functions/contract';
import type * as z from 'zod/mini';
import { type Validation, validateWith } from '../../lib/validation';

export interface PromptDraft {
  /** Stable React key; not sent. */
  key: string;
  question: string;
  answer: string;
}

/** The editor's state: text inputs hold strings until submit; numbers are checked by the contract then. */
export interface ProfileDraft {
  displayName: string;
  birthDate: string;
  gender: Gender | '';
  interestedIn: Gender[];
  ageMin: string;
  ageMax: string;
  maxDistanceKm: string;
  location: Location | null;
  bio: string;
  interests: string[];
  prompts: PromptDraft[];
}

let promptKeys = 0;
export const newPromptKey = () => `prompt-${++promptKeys}`;

export const emptyDraft = (): ProfileDraft => ({
  displayName: '',
  birthDate: '',
  gender: '',
  interestedIn: [],
  ageMin: String(MIN_AGE),
  ageMax: '40',
  maxDistanceKm: '50',
  location: null,
  bio: '',
  interests: [],
  prompts: [],
});

export const draftFromProfile = (profile: Profile): ProfileDraft => ({
  displayName: profile.displayName,
  birthDate: profile.birthDate,
  gender: profile.gender,
  interestedIn: [...profile.interestedIn],
  ageMin: String(profile.ageMin),
  ageMax: String(profile.ageMax),
  maxDistanceKm: String(profile.maxDistanceKm),
  location: profile.location,
  bio: profile.bio,
  interests: [...profile.interests],
  prompts: profile.prompts.map((prompt) => ({ key: newPromptKey(), ...prompt })),
});

/** An empty box is "missing" (the contract says "Required"), not 0. */
const numberOrMissing = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** What PUT /api/profile receives; the contract schema decides whether it is acceptable. */
export const draftToInput = (draft: ProfileDraft): Record<keyof z.input<typeof ProfileInput>, unknown> => ({
  displayName: draft.displayName,
  birthDate: draft.birthDate === '' ? undefined : draft.birthDate,
  gender: draft.gender === '' ? undefined : draft.gender,
  interestedIn: draft.interestedIn,
  ageMin: numberOrMissing(draft.ageMin),
  ageMax: numberOrMissing(draft.ageMax),
  maxDistanceKm: numberOrMissing(draft.maxDistanceKm),
  location: draft.location ?? undefined,
  bio: draft.bio,
  interests: draft.interests,
  prompts: draft.prompts.map(({ question, answer }) => ({ question, answer })),
});

/** The latest birth date of someone who is `MIN_AGE` today: the date input's `max`. */
export function latestAdultBirthDate(today: Date): string {
  const date = new Date(Date.UTC(today.getUTCFullYear() - MIN_AGE, today.getUTCMonth(), today.getUTCDate()));
  return date.toISOString().slice(0, 10);
}

/** Tags as the server stores them: trimmed, lower case. */
export const normalizeInterest = (text: string) => text.trim().toLowerCase();

/** The contract's rules plus the age rule the server applies, checked before sending. */
export function checkDraft(draft: ProfileDraft, today: Date): Validation<ProfileInput> {
  const result = validateWith(ProfileInput, draftToInput(draft));
  const tooYoung = /^\d{4}-\d{2}-\d{2}$/.test(draft.birthDate) && ageOn(draft.birthDate, today) < MIN_AGE;
  if (!tooYoung) return result;
  const errors = result.ok ? {} : result.errors;
  return {
    ok: false,
    errors: { ...errors, birthDate: [...(errors.birthDate ?? []), `You must be at least ${MIN_AGE}`] },
  };
}
