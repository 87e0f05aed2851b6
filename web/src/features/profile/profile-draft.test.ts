import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  draftFromProfile,
  draftToInput,
  emptyDraft,
  latestAdultBirthDate,
  type ProfileDraft,
} from './profile-draft';
import { savedProfile } from './testing/saved-profile';

const today = new Date('2026-11-25T12:00:00Z');

const complete: ProfileDraft = {
  ...emptyDraft(),
  displayName: ' Ada ',
  birthDate: '1990-05-17',
  gender: 'woman',
  interestedIn: ['man', 'nonbinary'],
  ageMin: '28',
  ageMax: '40',
  maxDistanceKm: '25',
  location: { lat: 52.52, lon: 13.4 },
  bio: 'Engines and poetry.',
  interests: ['mathematics', 'opera'],
  prompts: [{ key: 'k1', question: 'I geek out on…', answer: 'Analytical engines' }],
};

describe('profile draft', () => {
  it('turns a complete draft into the contract’s input, trimmed and typed', () => {
    const result = checkDraft(complete, today);
    expect(result).toEqual({
      ok: true,
      value: {
        displayName: 'Ada',
        birthDate: '1990-05-17',
        gender: 'woman',
        interestedIn: ['man', 'nonbinary'],
        ageMin: 28,
        ageMax: 40,
        maxDistanceKm: 25,
        location: { lat: 52.52, lon: 13.4 },
        bio: 'Engines and poetry.',
        interests: ['mathematics', 'opera'],
        prompts: [{ question: 'I geek out on…', answer: 'Analytical engines' }],
      },
    });
  });

  it('names every missing required field in plain words', () => {
    const result = checkDraft({ ...emptyDraft(), ageMin: '', maxDistanceKm: '' }, today);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      displayName: ['Required'],
      birthDate: ['Required'],
      gender: ['Required'],
      interestedIn: ['Choose at least one'],
      ageMin: ['Required'],
      maxDistanceKm: ['Required'],
      location: ['Required'],
    });
  });

  it('refuses people under 18 before asking the server', () => {
    const result = checkDraft({ ...complete, birthDate: '2008-11-26' }, today);
    expect(result).toEqual({ ok: false, errors: { birthDate: ['You must be at least 18'] } });
    expect(checkDraft({ ...complete, birthDate: '2008-11-25' }, today).ok).toBe(true);
    expect(latestAdultBirthDate(today)).toBe('2008-11-25');
  });

  it('reports errors at the paths the API uses, so server and client errors land in the same place', () => {
    const result = checkDraft(
      { ...complete, ageMin: '50', ageMax: '30', prompts: [{ key: 'k', question: 'Q', answer: '   ' }] },
      today,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['ageMin', 'prompts.0.answer']);
    const ages = checkDraft({ ...complete, ageMin: '50', ageMax: '30' }, today);
    expect(ages.ok ? {} : ages.errors).toEqual({ ageMin: ['ageMin must not be greater than ageMax'] });
  });

  it('treats an empty number box as missing, not zero, and text as not a number', () => {
    expect(draftToInput({ ...complete, ageMin: ' ' }).ageMin).toBeUndefined();
    const result = checkDraft({ ...complete, ageMax: '4.5' }, today);
    expect(result.ok ? {} : result.errors).toEqual({ ageMax: ['Enter a whole number'] });
  });

  it('round-trips a saved profile through the editor', () => {
    const result = checkDraft(draftFromProfile(savedProfile), today);
    expect(result.ok && result.value).toMatchObject({ ageMin: 30, maxDistanceKm: 80, interests: ['chess'] });
  });
});
