import {
  AuthResponse,
  Credentials,
  LoginRequest,
  PasswordChangeRequest,
  RefreshResponse,
} from '../../contract/auth';
import { ErrorEnvelope } from '../../contract/errors';
import { AppError } from '../../domain/errors';
import {
  changePassword,
  login,
  logout,
  refresh,
  register,
  type Session,
} from '../../services/auth/auth-service';
import type { Deps } from '../../services/deps';
import { DEVICE_COOKIE, deviceCookie } from './device-cookie';
import { defineRoute, json, noContent, type RequestMeta } from './http-route';
import { errorBody } from './middleware/error-envelope';
import { clearedRefreshCookie, REFRESH_COOKIE, refreshCookie } from './refresh-cookie';

const error = (description: string) => ({ description, schema: ErrorEnvelope });

/** A new login's answer: the user and access token, the refresh cookie, and this browser's device cookie. */
const sessionStarted = (status: 200 | 201, session: Session, deps: Deps, request: RequestMeta) =>
  json(
    status,
    { user: session.user, accessToken: session.accessToken },
    {
      cookies: [
        refreshCookie(session.refreshToken, deps.config.auth.refreshTokenTtlSeconds, request),
        deviceCookie(session.deviceToken, request),
      ],
    },
  );

export const authRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/auth/register',
    group: 'auth',
    summary: 'Create an account; answers an access token and sets the refresh cookie',
    tags: ['auth'],
    auth: false,
    body: Credentials,
    responses: {
      201: { description: 'Registered and logged in', schema: AuthResponse },
      400: error('Invalid email, or a password that is too short, too common or equal to the email'),
      409: error('email_taken'),
    },
    handle: async ({ deps, body, request }) => {
      const session = await register(deps, body, request);
      return sessionStarted(201, session, deps, request);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    group: 'auth',
    summary: 'Log in with email and password',
    tags: ['auth'],
    auth: false,
    body: LoginRequest,
    responses: {
      200: { description: 'Logged in', schema: AuthResponse },
      401: error('invalid_credentials: the same answer for an unknown email and a wrong password'),
      403: error('Suspended account'),
      429: error(
        'rate_limited (Retry-After): too many failed logins for this account (browsers without its device cookie), for this device cookie, or from this network',
      ),
      503: error('service_unavailable (Retry-After): too many password checks waiting (lab runtime)'),
    },
    handle: async ({ deps, body, request }) => {
      const session = await login(deps, body, request, request.cookies[DEVICE_COOKIE]);
      return sessionStarted(200, session, deps, request);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/refresh',
    group: 'auth',
    summary: 'Exchange the refresh cookie for a new access token; the cookie is rotated',
    tags: ['auth'],
    auth: false,
    responses: {
      200: { description: 'New access token; new refresh cookie', schema: RefreshResponse },
      401: error('Missing, expired or revoked refresh token; reuse of a rotated token revokes its family'),
    },
    handle: async ({ deps, request }) => {
      try {
        const rotated = await refresh(deps, request.cookies[REFRESH_COOKIE], request);
        return json(
          200,
          { accessToken: rotated.accessToken },
          {
            cookies: [refreshCookie(rotated.refreshToken, deps.config.auth.refreshTokenTtlSeconds, request)],
          },
        );
      } catch (failure) {
        // A dead cookie is useless to the browser: clear it so the SPA stops trying.
        if (failure instanceof AppError && failure.status === 401) {
          return json(401, errorBody(failure), { cookies: [clearedRefreshCookie(request)] });
        }
        throw failure;
      }
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    group: 'auth',
    summary: 'End this session: revokes the refresh token family and clears the cookie',
    tags: ['auth'],
    auth: false,
    responses: { 204: { description: 'Logged out' } },
    handle: async ({ deps, request }) => {
      await logout(deps, request.cookies[REFRESH_COOKIE], request);
      return noContent({ cookies: [clearedRefreshCookie(request)] });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/password',
    group: 'auth',
    summary: 'Change the password; every other session is logged out',
    tags: ['auth'],
    auth: true,
    body: PasswordChangeRequest,
    responses: {
      204: { description: 'Password changed' },
      400: error('New password too short, too common or equal to the email'),
      401: error('Current password is wrong (invalid_credentials) or not authenticated'),
      429: error('rate_limited: too many wrong passwords for this account (Retry-After)'),
    },
    handle: async ({ deps, body, caller, request }) => {
      await changePassword(deps, caller, body, request);
      return noContent();
    },
  }),
];
