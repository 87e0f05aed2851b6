import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-error';

const request = vi.fn();
vi.mock('../../../lib/api-client', () => ({ api: { request: (...args: unknown[]) => request(...args) } }));

const { sendToStorage, StorageUploadError, uploadPhoto } = await import('./upload-photo');

type Listener = (event: ProgressEvent) => void;

/** Just enough XMLHttpRequest: records what was sent and lets the test play the network. */
class FakeRequest {
  static last: FakeRequest | null = null;
  method = '';
  url = '';
  body: unknown = null;
  status = 0;
  responseText = '';
  aborted = false;
  private listeners = new Map<string, Listener[]>();
  private uploadListeners = new Map<string, Listener[]>();
  readonly upload = {
    addEventListener: (type: string, listener: Listener) =>
      this.uploadListeners.set(type, [...(this.uploadListeners.get(type) ?? []), listener]),
  };

  constructor() {
    FakeRequest.last = this;
  }

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.emit('abort');
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  progress(loaded: number, total: number) {
    const event = { lengthComputable: true, loaded, total } as ProgressEvent;
    for (const listener of this.uploadListeners.get('progress') ?? []) listener(event);
  }
  respond(status: number, body = '') {
    this.status = status;
    this.responseText = body;
    this.emit('load');
  }
  emit(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener({} as ProgressEvent);
  }
}

// `uploadPhoto` creates its own XMLHttpRequest: the global one is the fake while these tests run.
vi.stubGlobal('XMLHttpRequest', FakeRequest);
const globalRequest = () => FakeRequest.last;

const createRequest = () => new FakeRequest() as unknown as XMLHttpRequest;
const upload = { url: '/uploads', fields: { key: 'uploads/U/P', 'Content-Type': 'image/jpeg' } };
const image = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });

afterEach(() => {
  request.mockReset();
  FakeRequest.last = null;
});

describe('sending the file to storage', () => {
  it('POSTs the form to the upload URL and reports progress until the storage answers 204', async () => {
    const progress: number[] = [];
    const sent = sendToStorage(upload, image, { createRequest, onProgress: (value) => progress.push(value) });
    const xhr = FakeRequest.last as FakeRequest;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/uploads');
    expect([...(xhr.body as FormData).keys()]).toEqual(['key', 'Content-Type', 'file']);

    xhr.progress(25, 100);
    xhr.progress(100, 100);
    xhr.respond(204);
    await expect(sent).resolves.toBeUndefined();
    expect(progress).toEqual([0.25, 1, 1]);
  });

  it('turns a refusal into a message for the user', async () => {
    const sent = sendToStorage(upload, image, { createRequest });
    (FakeRequest.last as FakeRequest).respond(
      400,
      '<Error><Code>EntityTooLarge</Code><Message>too big</Message></Error>',
    );
    const failure = await sent.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageUploadError);
    expect(failure).toMatchObject({ message: 'The photo is larger than the storage accepts (10 MB).' });
  });

  it('reports a broken connection, and stops when cancelled', async () => {
    const broken = sendToStorage(upload, image, { createRequest });
    (FakeRequest.last as FakeRequest).emit('error');
    await expect(broken).rejects.toThrow('The upload was interrupted');

    const controller = new AbortController();
    const cancelled = sendToStorage(upload, image, { createRequest, signal: controller.signal });
    const xhr = FakeRequest.last as FakeRequest;
    controller.abort();
    await expect(cancelled).rejects.toBeDefined();
    expect(xhr.aborted).toBe(true);
  });
});

describe('the whole upload', () => {
  const started = {
    photo: { id: '01HZX3K5B7Q9W2E4R6T8Y0M1NP', status: 'pending', createdAt: '2026-11-25T10:00:00.000Z' },
    upload,
  };

  it('reserves a slot with the sniffed type and size, then reports the stored file complete', async () => {
    const ready = { ...started.photo, status: 'ready' };
    request.mockImplementation(async (method: string, path: string) => {
      if (method === 'POST' && path === '/api/photos') return started;
      if (method === 'POST' && path.endsWith('/complete')) return { photo: ready };
      throw new Error(`unexpected ${method} ${path}`);
    });
    const onStarted = vi.fn();
    const done = uploadPhoto({ file: image, contentType: 'image/jpeg', onStarted });
    await vi.waitFor(() => expect(globalRequest()).not.toBeNull());
    globalRequest()?.respond(204);

    await expect(done).resolves.toEqual(ready);
    expect(request.mock.calls[0]).toEqual([
      'POST',
      '/api/photos',
      expect.objectContaining({ body: { contentType: 'image/jpeg', size: 3 } }),
    ]);
    expect(onStarted).toHaveBeenCalledWith(started.photo);
    expect(request.mock.calls[1]?.[1]).toBe(`/api/photos/${started.photo.id}/complete`);
  });

  it('deletes the reserved photo when the file cannot be stored, so it does not hold a slot', async () => {
    request.mockImplementation(async (method: string) => (method === 'POST' ? started : undefined));
    const done = uploadPhoto({ file: image, contentType: 'image/jpeg' });
    await vi.waitFor(() => expect(globalRequest()).not.toBeNull());
    globalRequest()?.respond(403, '<Error><Code>AccessDenied</Code></Error>');

    await expect(done).rejects.toBeInstanceOf(StorageUploadError);
    expect(request).toHaveBeenLastCalledWith('DELETE', `/api/photos/${started.photo.id}`);
  });

  it('passes the server’s refusal on (the limit of six photos)', async () => {
    request.mockRejectedValue(
      new ApiError(409, 'photo_limit', 'You can have at most 6 photos; delete one first'),
    );
    await expect(uploadPhoto({ file: image, contentType: 'image/jpeg' })).rejects.toMatchObject({
      code: 'photo_limit',
    });
  });
});
