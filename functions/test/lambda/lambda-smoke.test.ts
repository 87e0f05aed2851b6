import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, aProfileInput, errorCode, uniqueEmail } from '../support/api-session';
import { cameraJpeg } from '../support/images';
import { postUploadForm, startUpload, waitForProcessed } from '../support/photo-upload';
import { type LambdaApi, startLambdaApi } from './lambda-harness';
import { lambdaTargets } from './lambda-target';

/**
 * The AWS wiring end to end without an AWS account: each request becomes an API Gateway v2 event for the
 * entry handler of its function group, the functions use DynamoDB (Local) and S3 (s3rver) through
 * runtime/aws, and an upload to the bucket invokes the photo function. The full API suites run in this mode
 * too (test/api, through `apiTargets`); this file checks what is specific to the Lambda wiring.
 */
const available = lambdaTargets().length > 0;

describe.runIf(available)('Lambda mode (entry handlers on DynamoDB Local and s3rver)', () => {
  let api: LambdaApi;
  const session = () => new ApiSession(api.url, api.fetch);

  beforeAll(async () => {
    api = await startLambdaApi();
  }, 90_000);
  afterAll(async () => {
    await api?.close();
  });

  it('registers, logs in, refreshes with the cookie and reads the caller, each in its group’s function', async () => {
    const email = uniqueEmail('lambda');
    const user = session();
    expect((await user.register(email)).status).toBe(201);
    const login = await session().login(email);
    expect(login.status).toBe(200);

    const refreshed = await user.call<{ accessToken: string }>('POST', '/api/auth/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.getSetCookie().some((line) => line.startsWith('refresh_token='))).toBe(true);
    user.accessToken = refreshed.body.accessToken;

    const me = await user.call<{ id: string; email: string }>('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
    expect(api.invocations).toEqual(expect.arrayContaining(['auth', 'profile']));
  });

  it('puts and gets a profile through the profile function', async () => {
    const user = session();
    await user.register(uniqueEmail('profile'));
    const put = await user.call('PUT', '/api/profile', { body: aProfileInput() });
    expect(put.status).toBe(201);
    const get = await user.call<{ displayName: string }>('GET', '/api/profile');
    expect(get.status).toBe(200);
    expect(get.body.displayName).toBe('Ada');
  });

  it('answers unknown routes with the 404 envelope from the $default route', async () => {
    const response = await session().call('GET', '/api/no-such-thing', { token: null });
    expect(response.status).toBe(404);
    expect(errorCode(response)).toBe('not_found');
    expect(api.invocations.at(-1)).toBe('system');
  });

  it('serves health with the deployed version', async () => {
    const response = await session().call<{ status: string; version: string }>('GET', '/api/health');
    expect(response.body).toEqual({ status: 'ok', version: '0.0.0-test' });
  });

  it('uploads a photo with the presigned POST; the bucket event runs the photo function; /media serves it', async () => {
    const user = session();
    await user.register(uniqueEmail('photo'));
    const jpeg = await cameraJpeg(1200, 900);
    const started = await startUpload(user, 'image/jpeg', jpeg.length);
    expect(new URL(started.upload.url).origin).toBe(api.s3Endpoint);

    const posted = await postUploadForm(api.url, started.upload, jpeg);
    expect(posted.status, posted.text).toBeLessThan(300);
    await api.photoEventsSettled();

    const photo = await waitForProcessed(user, started.photo.id);
    expect(photo.status).toBe('ready');
    const thumb = await api.fetch(new URL(photo.urls?.thumb ?? '', api.url).toString(), {});
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
  });
});
