import { MIN_AGE } from '../../contract/age';
import { ErrorEnvelope } from '../../contract/errors';
import { Me } from '../../contract/me';
import { Profile, ProfileInput, PublicProfile, UserIdParams } from '../../contract/profile';
import { getMe } from '../../services/auth/me-service';
import {
  getOwnProfile,
  getPublicProfile,
  putProfile,
  setProfilePaused,
} from '../../services/profiles/profile-service';
import { defineRoute, json } from './http-route';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

export const profileRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/me',
    group: 'profile',
    summary: 'The account of the caller',
    tags: ['me'],
    auth: true,
    responses: { 200: { description: 'The caller', schema: Me } },
    handle: async ({ deps, caller }) => json(200, await getMe(deps, caller.account)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/profile',
    group: 'profile',
    summary: 'The caller’s own profile, with every field they entered',
    tags: ['profile'],
    auth: true,
    responses: {
      200: { description: 'Own profile', schema: Profile },
      404: error('No profile yet'),
    },
    handle: async ({ deps, caller }) => json(200, await getOwnProfile(deps, caller.userId)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/profile',
    group: 'profile',
    summary: 'Create or replace the caller’s profile',
    tags: ['profile'],
    auth: true,
    body: ProfileInput,
    responses: {
      200: { description: 'Profile replaced', schema: Profile },
      201: { description: 'Profile created', schema: Profile },
      400: error(`A field fails its rule (e.g. under ${MIN_AGE}, ageMin > ageMax)`),
    },
    handle: async ({ deps, caller, body }) => {
      const { profile, created } = await putProfile(deps, caller.userId, body);
      return json(created ? 201 : 200, profile);
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/profile/pause',
    group: 'profile',
    summary: 'Pause the caller’s profile: nobody new sees them in discovery; matches and chats go on',
    tags: ['profile'],
    auth: true,
    responses: {
      200: { description: 'Profile paused (pausing again keeps the first pausedAt)', schema: Profile },
      409: error('profile_required: the caller has no profile yet'),
    },
    handle: async ({ deps, caller }) => json(200, await setProfilePaused(deps, caller.userId, true)),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/profile/pause',
    group: 'profile',
    summary: 'Resume the caller’s paused profile: discovery shows them again',
    tags: ['profile'],
    auth: true,
    responses: {
      200: { description: 'Profile live (resuming a live profile changes nothing)', schema: Profile },
      409: error('profile_required: the caller has no profile yet'),
    },
    handle: async ({ deps, caller }) => json(200, await setProfilePaused(deps, caller.userId, false)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/profiles/{userId}',
    group: 'profile',
    summary: 'Another user’s public profile: age, not birth date; distance in whole km, never coordinates',
    tags: ['profile'],
    auth: true,
    params: UserIdParams,
    responses: {
      200: { description: 'Public profile', schema: PublicProfile },
      404: error('Unknown user, no profile, or blocked either way'),
      409: error('profile_required: the caller has no profile to measure distance from'),
    },
    handle: async ({ deps, caller, params }) =>
      json(200, await getPublicProfile(deps, caller.userId, params.userId)),
  }),
];
