// The API client against the fake ImageKit over real HTTP: request shape, statuses, every fault.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import packageJson from '../../package.json';
import { ImageKitClient } from '../../src/core/imagekit/imagekit-client';
import type { StatusOutcome, SubmitOutcome } from '../../src/core/imagekit/imagekit-answer';
import type { ApiError, ApiErrorKind } from '../../src/shared/purge';
import { startFakeImageKit } from '../fake-imagekit/server';
import type { FakeImageKit, FakeImageKitOptions } from '../fake-imagekit/server';
import { skipWithoutLoopback } from '../support/loopback';
import { deadBaseUrl } from '../cli/fixtures';

const USER_AGENT = `purge-watch/${packageJson.version}`;

const skip = await skipWithoutLoopback('the ImageKit client integration tests');

interface ClientSetup {
  key?: string | undefined;
  timeoutMs?: number;
  baseUrl?: string;
  now?: () => number;
}

describe.skipIf(skip)('ImageKitClient over HTTP against the fake ImageKit', () => {
  let fake: FakeImageKit;
  const started: FakeImageKit[] = [];
  /** Everything any fetch port was asked to send, to check the exact headers. */
  let sent: { url: string; init: RequestInit }[] = [];

  async function start(options: FakeImageKitOptions = {}): Promise<FakeImageKit> {
    const server = await startFakeImageKit({ completeAfterMs: Infinity, ...options });
    started.push(server);
    return server;
  }

  function clientFor(server: FakeImageKit, setup: ClientSetup = {}): ImageKitClient {
    const key = 'key' in setup ? setup.key : server.privateKey;
    return new ImageKitClient({
      fetch: (url, init) => {
        sent.push({ url, init });
        return fetch(url, init);
      },
      privateKey: () => key,
      baseUrl: setup.baseUrl ?? server.baseUrl,
      timeoutMs: setup.timeoutMs ?? 5_000,
      userAgent: USER_AGENT,
      now: setup.now,
    });
  }

  /** The error of a failed outcome; fails the test when it succeeded or the message leaks a key. */
  function failure(outcome: StatusOutcome | SubmitOutcome, kind: ApiErrorKind): ApiError {
    if (outcome.ok) throw new Error(`Expected a ${kind} error, got ${JSON.stringify(outcome)}`);
    expect(outcome.error.kind).toBe(kind);
    for (const server of started) {
      expect(outcome.error.message).not.toContain(server.privateKey);
      expect(outcome.error.message).not.toContain(
        Buffer.from(`${server.privateKey}:`).toString('base64'),
      );
    }
    return outcome.error;
  }

  beforeAll(async () => {
    fake = await start();
  });

  afterEach(() => {
    sent = [];
    for (const server of started) {
      server.resetRecords();
      server.clearFaults();
    }
  });

  afterAll(async () => {
    await Promise.all(started.map((server) => server.close()));
  });

  describe('purge status', () => {
    it('sends a GET with Basic auth (key as user, empty password), Accept and User-Agent', async () => {
      const id = fake.addPurge('598821f949c0a938d57563bd', { completeAfterMs: Infinity });

      const outcome = await clientFor(fake).getPurgeStatus(id);

      expect(outcome).toMatchObject({ ok: true, status: 'Pending', completed: false });
      const headers = sent[0]?.init.headers as Record<string, string>;
      expect(headers.Authorization).toBe(
        `Basic ${Buffer.from(`${fake.privateKey}:`).toString('base64')}`,
      );
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({
        method: 'GET',
        path: `/v1/files/purge/${id}`,
        endpoint: 'status',
        requestId: id,
        auth: 'valid',
        headers: { accept: 'application/json', 'user-agent': USER_AGENT },
      });
      expect(fake.requests[0]?.headers['content-type']).toBeUndefined();
      expect(fake.requests[0]?.body).toBeUndefined();
    });

    it('reports a completed purge as completed', async () => {
      const id = fake.addPurge('598821f949c0a938d57563be', { completeAfterMs: 0 });
      expect(await clientFor(fake).getPurgeStatus(id)).toMatchObject({
        ok: true,
        status: 'Completed',
        completed: true,
      });
    });

    it('sees a purge complete once its scripted time has passed', async () => {
      const id = fake.addPurge('598821f949c0a938d57563bf', { completeAfterMs: 150 });
      const client = clientFor(fake);
      expect(await client.getPurgeStatus(id)).toMatchObject({ ok: true, completed: false });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await client.getPurgeStatus(id)).toMatchObject({ ok: true, completed: true });
    });

    it('URL-encodes the request ID as one path segment (slashes, spaces, plus signs)', async () => {
      const id = fake.addPurge('odd/id with spaces+plus', { completeAfterMs: 0 });

      const outcome = await clientFor(fake).getPurgeStatus(id);

      expect(outcome).toMatchObject({ ok: true, completed: true });
      expect(fake.requests[0]?.path).toBe('/v1/files/purge/odd%2Fid%20with%20spaces%2Bplus');
      expect(fake.requests[0]?.requestId).toBe(id);
    });

    it.each([['.'], ['..'], ['']])(
      'answers not found for the ID "%s" without sending it (it would leave the path)',
      async (id) => {
        const error = failure(await clientFor(fake).getPurgeStatus(id), 'not_found');
        expect(error.message).toBe('No request found for this requestId.');
        expect(fake.requests).toHaveLength(0);
      },
    );

    it.each([['Complete' as const], ['completed' as const]])(
      'treats the spelling "%s" as completed and shows it as sent',
      async (statusSpelling) => {
        const server = await start({ statusSpelling });
        const id = server.addPurge('5988220049c0a938d57563bd', { completeAfterMs: 0 });
        expect(await clientFor(server).getPurgeStatus(id)).toMatchObject({
          ok: true,
          status: statusSpelling,
          completed: true,
        });
      },
    );

    it('understands the old spellings "Complete" and "pending"', async () => {
      const done = fake.addPurge('598821f949c0a938d57563c0', { completeAfterMs: 0 });
      const waiting = fake.addPurge('598821f949c0a938d57563c1', { completeAfterMs: Infinity });
      fake.inject('old_spelling', { times: 2 });
      const client = clientFor(fake);

      expect(await client.getPurgeStatus(done)).toMatchObject({
        ok: true,
        status: 'Complete',
        completed: true,
      });
      expect(await client.getPurgeStatus(waiting)).toMatchObject({
        ok: true,
        status: 'pending',
        completed: false,
      });
    });

    it('keeps an unknown status value as reported, and not completed', async () => {
      const id = fake.addPurge('598821f949c0a938d57563c2', { completeAfterMs: 0 });
      fake.inject('unusual_status', { statusValue: 'InProgress' });
      expect(await clientFor(fake).getPurgeStatus(id)).toMatchObject({
        ok: true,
        status: 'InProgress',
        completed: false,
      });
    });

    it('maps 400 "No request found" for an unknown ID to not_found with the server message', async () => {
      const error = failure(
        await clientFor(fake).getPurgeStatus('ffffffffffffffffffffffff'),
        'not_found',
      );
      expect(error).toMatchObject({
        message: 'No request found for this requestId.',
        httpStatus: 400,
      });
    });

    it('maps an injected not_found for a known ID to not_found', async () => {
      const id = fake.addPurge('598821f949c0a938d57563c3', { completeAfterMs: 0 });
      fake.inject('not_found', { requestId: id });
      const error = failure(await clientFor(fake).getPurgeStatus(id), 'not_found');
      expect(error).toMatchObject({
        message: 'No request found for this requestId.',
        httpStatus: 400,
      });
    });

    it('maps 404 to not_found with the server message', async () => {
      const id = fake.addPurge('598821f949c0a938d57563c4', { completeAfterMs: 0 });
      fake.inject('http_error', { status: 404, message: 'Purge request expired.' });
      const error = failure(await clientFor(fake).getPurgeStatus(id), 'not_found');
      expect(error).toMatchObject({ message: 'Purge request expired.', httpStatus: 404 });
    });
  });

  describe('authentication', () => {
    it('maps 401 to auth with the server message', async () => {
      fake.inject('unauthorized');
      const error = failure(
        await clientFor(fake).getPurgeStatus('598821f949c0a938d57563bd'),
        'auth',
      );
      expect(error).toMatchObject({
        message: 'Your request does not contain private API key.',
        httpStatus: 401,
      });
    });

    it('maps 403 to auth with the server message', async () => {
      fake.inject('forbidden', { message: 'Your account is disabled.' });
      const error = failure(
        await clientFor(fake).getPurgeStatus('598821f949c0a938d57563bd'),
        'auth',
      );
      expect(error).toMatchObject({ message: 'Your account is disabled.', httpStatus: 403 });
    });

    it('gets 403 "cannot be authenticated" for a wrong private key', async () => {
      const wrongKey = 'private_wrong_0123456789abcdef';
      const outcome = await clientFor(fake, { key: wrongKey }).getPurgeStatus(
        '598821f949c0a938d57563bd',
      );
      const error = failure(outcome, 'auth');
      expect(error).toMatchObject({
        message: 'Your account cannot be authenticated.',
        httpStatus: 403,
      });
      expect(error.message).not.toContain(wrongKey);
      expect(fake.requests[0]?.auth).toBe('wrong');
    });

    it('sends a key with a trailing newline (a paste) without the newline', async () => {
      const id = fake.addPurge('598821f949c0a938d57563c5', { completeAfterMs: 0 });
      const outcome = await clientFor(fake, { key: `${fake.privateKey}\n` }).getPurgeStatus(id);
      expect(outcome).toMatchObject({ ok: true, completed: true });
      expect(fake.requests[0]?.auth).toBe('valid');
    });

    it.each([
      ['no key', undefined, /No private API key/],
      ['an empty key', '  ', /No private API key/],
      ['the public key', 'public_abcDEF123=', /public API key/],
      ['the public key with spaces around', '  public_abcDEF123=\n', /public API key/],
    ])('refuses %s with an auth error and sends nothing', async (_label, key, message) => {
      const client = clientFor(fake, { key });
      const status = failure(await client.getPurgeStatus('598821f949c0a938d57563bd'), 'auth');
      const submit = failure(await client.submitPurge('https://ik.imagekit.io/demo/a.jpg'), 'auth');
      expect(status.message).toMatch(message);
      expect(submit.message).toMatch(message);
      if (key !== undefined && key.trim() !== '') expect(status.message).not.toContain(key.trim());
      expect(fake.requests).toHaveLength(0);
    });

    it('keeps the key out of a message even when the server echoes it', async () => {
      fake.inject('forbidden', { message: `The key ${fake.privateKey} has expired.` });
      const error = failure(
        await clientFor(fake).getPurgeStatus('598821f949c0a938d57563bd'),
        'auth',
      );
      expect(error.message).toContain('has expired');
    });
  });

  describe('rate limits and transient faults', () => {
    it('maps 429 to rate_limited with the wait from X-RateLimit-Reset (ms), then recovers', async () => {
      const id = fake.addPurge('598821f949c0a938d57563c6', { completeAfterMs: 0 });
      fake.inject('rate_limited', { resetMs: 2_500 });
      const client = clientFor(fake);

      const error = failure(await client.getPurgeStatus(id), 'rate_limited');
      expect(error).toMatchObject({ httpStatus: 429, resetMs: 2_500 });
      expect(await client.getPurgeStatus(id)).toMatchObject({ ok: true, completed: true });
    });

    it('waits a conservative second on a 429 without X-RateLimit-Reset, not zero', async () => {
      fake.inject('rate_limited', { resetMs: null });
      const error = failure(
        await clientFor(fake).getPurgeStatus('598821f949c0a938d57563bd'),
        'rate_limited',
      );
      expect(error.resetMs).toBe(1_000);
    });

    it("waits a proxy's Retry-After (seconds) on a 429 without X-RateLimit-Reset, ImageKit's first", async () => {
      const client = clientFor(fake);
      const id = '598821f949c0a938d57563bd';
      fake.inject('rate_limited', { resetMs: null, retryAfter: '30' });
      expect(failure(await client.getPurgeStatus(id), 'rate_limited').resetMs).toBe(30_000);
      fake.inject('rate_limited', { resetMs: 2_500, retryAfter: '30' });
      expect(failure(await client.getPurgeStatus(id), 'rate_limited').resetMs).toBe(2_500);
    });

    it("waits a Retry-After date until then on the answer's own clock, bounded like seconds", async () => {
      // Our clock is years off the server's: the server's Date is what the date is measured on.
      const ourNow = Date.parse('2030-01-01T00:00:00Z');
      const client = clientFor(fake, { now: () => ourNow });
      const id = '598821f949c0a938d57563bd';
      const waited = async (retryAfter: string, date?: string | null) => {
        fake.inject('rate_limited', { resetMs: null, retryAfter, date });
        return failure(await client.getPurgeStatus(id), 'rate_limited').resetMs;
      };
      const serverDate = 'Wed, 21 Oct 2026 07:28:00 GMT';
      expect(await waited('Wed, 21 Oct 2026 07:29:30 GMT', serverDate)).toBe(90_000);
      // The obsolete forms an HTTP date may also take.
      expect(await waited('Wednesday, 21-Oct-26 07:29:30 GMT', serverDate)).toBe(90_000);
      expect(await waited('Wed Oct 21 07:29:30 2026', serverDate)).toBe(90_000);
      // No Date from the server (or a garbled one): measured on our clock.
      expect(await waited('Tue, 01 Jan 2030 00:02:00 GMT', null)).toBe(120_000);
      expect(await waited('Tue, 01 Jan 2030 00:02:00 GMT', 'yesterday')).toBe(120_000);
      // Already past: no wait, like "Retry-After: 0"; a year away: an hour, like "31536000".
      expect(await waited('Wed, 21 Oct 2015 07:28:00 GMT', serverDate)).toBe(0);
      expect(await waited('Thu, 21 Oct 2027 07:28:00 GMT', serverDate)).toBe(3_600_000);
      // Not a date: a second, as for any garbled Retry-After.
      expect(await waited('Wed, 21 Oct 2026', serverDate)).toBe(1_000);
      expect(await waited('soon', serverDate)).toBe(1_000);
    });

    it.each([[500], [503]])('maps HTTP %i to transient', async (status) => {
      fake.inject('server_error', { status });
      const error = failure(
        await clientFor(fake).getPurgeStatus('598821f949c0a938d57563bd'),
        'transient',
      );
      expect(error.httpStatus).toBe(status);
    });

    it('maps a reset connection to transient', async () => {
      fake.inject('reset');
      const error = failure(
        await clientFor(fake).getPurgeStatus('598821f949c0a938d57563bd'),
        'transient',
      );
      // Named with the host it tried; a reset may have come after the request arrived.
      expect(error.message).toMatch(
        new RegExp(`^Could not reach ImageKit \\(${new URL(fake.baseUrl).host}\\): `),
      );
      expect(error.httpStatus).toBeUndefined();
      expect(error.notSent).toBeUndefined();
    });

    it('says a refused connection never reached ImageKit, naming the host', async () => {
      const dead = await deadBaseUrl();
      const client = new ImageKitClient({
        fetch: (input, init) => fetch(input, init),
        privateKey: () => fake.privateKey,
        baseUrl: dead,
        userAgent: 'test',
      });
      const error = failure(await client.submitPurge('https://ik.imagekit.io/a.js'), 'transient');
      expect(error.message).toBe(`Could not reach ImageKit (${new URL(dead).host}): ECONNREFUSED.`);
      expect(error.notSent).toBe(true);
    });

    it('gives up on a server that never answers after timeoutMs, as transient', async () => {
      fake.inject('hang');
      // Its time on fake timers, not measured on the wall clock (a loaded machine stretches that).
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let settled = false;
      const outcome = clientFor(fake, { timeoutMs: 200 }).getPurgeStatus(
        '598821f949c0a938d57563bd',
      );
      void outcome.finally(() => (settled = true));
      // Waits on real I/O without timers (they are fake here); the test's timeout bounds it.
      const ioUntil = async (condition: () => boolean) => {
        while (!condition()) await new Promise((resolve) => setImmediate(resolve));
      };
      try {
        await ioUntil(() => fake.requests.length === 1); // the server has it, and never answers
        await vi.advanceTimersByTimeAsync(199);
        expect(settled).toBe(false); // not given up before its time
        await vi.advanceTimersByTimeAsync(1);
        await ioUntil(() => settled); // the abort settles through the socket
      } finally {
        vi.useRealTimers();
      }
      const error = failure(await outcome, 'transient');
      expect(error.message).toBe(
        `ImageKit (${new URL(fake.baseUrl).host}) did not answer within 200 ms.`,
      );
      expect(error.notSent).toBeUndefined();
    });

    it('applies a fault scoped to one request ID only to that ID, as many times as asked', async () => {
      const a = fake.addPurge('598821f949c0a938d57563c7', { completeAfterMs: 0 });
      const b = fake.addPurge('598821f949c0a938d57563c8', { completeAfterMs: 0 });
      fake.inject('server_error', { requestId: a, times: 2, status: 503 });
      const client = clientFor(fake);

      expect(await client.getPurgeStatus(b)).toMatchObject({ ok: true });
      failure(await client.getPurgeStatus(a), 'transient');
      failure(await client.getPurgeStatus(a), 'transient');
      expect(await client.getPurgeStatus(a)).toMatchObject({ ok: true });
      expect(fake.requests.map((request) => request.fault)).toEqual([
        undefined,
        'server_error',
        'server_error',
        undefined,
      ]);
    });
  });

  describe('answers that are not the JSON expected', () => {
    it('maps an HTML page with HTTP 200 to protocol, naming the likely cause', async () => {
      fake.inject('html');
      const error = failure(
        await clientFor(fake).getPurgeStatus('598821f949c0a938d57563bd'),
        'protocol',
      );
      expect(error.message).toMatch(/HTML page/);
      expect(error.httpStatus).toBe(200);
    });

    it('maps a truncated JSON body to protocol, for status and submission', async () => {
      fake.inject('truncated', { times: 2 });
      const client = clientFor(fake);
      failure(await client.getPurgeStatus('598821f949c0a938d57563bd'), 'protocol');
      failure(await client.submitPurge('https://ik.imagekit.io/demo/a.jpg'), 'protocol');
    });

    it.each([
      [
        'not HTTP at all (an SSH port)',
        'SSH-2.0-OpenSSH_9.6\r\n',
        /something that is not HTTP \(HPE_/,
      ],
      [
        'headers past what is read',
        `HTTP/1.1 200 OK\r\nx-pad: ${'a'.repeat(100_000)}\r\ncontent-length: 2\r\n\r\n{}`,
        /headers too large to read/,
      ],
    ])(
      'says the address answered with %s, not that it could not be reached',
      async (_, answer, words) => {
        const server = createServer((socket) => {
          socket.on('error', () => undefined);
          socket.once('data', () => socket.end(answer));
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
        const { port } = server.address() as AddressInfo;
        const client = clientFor(fake, { baseUrl: `http://127.0.0.1:${port}` });
        const error = failure(await client.getPurgeStatus('598821f949c0a938d57563bd'), 'protocol');
        expect(error.message).toMatch(words);
        expect(error.message).toContain(`ImageKit's address (127.0.0.1:${port}) answered with`);
        expect(error.message).not.toMatch(/could not reach/i);
      },
    );
  });

  describe('purge submission', () => {
    it('POSTs the URL as JSON and gets back an ObjectId-like request ID stamped with now', async () => {
      const url = 'https://ik.imagekit.io/demo/products/shoe.jpg';
      const before = Math.floor(Date.now() / 1000);

      const outcome = await clientFor(fake).submitPurge(url);

      const after = Math.floor(Date.now() / 1000);
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(outcome.requestId).toMatch(/^[0-9a-f]{24}$/);
      const stamped = parseInt(outcome.requestId.slice(0, 8), 16);
      expect(stamped).toBeGreaterThanOrEqual(before);
      expect(stamped).toBeLessThanOrEqual(after);
      expect(fake.requests[0]).toMatchObject({
        method: 'POST',
        path: '/v1/files/purge',
        endpoint: 'submit',
        auth: 'valid',
        body: { url },
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'user-agent': USER_AGENT,
        },
      });
    });

    it('can then poll the submitted purge until the fake completes it', async () => {
      const client = clientFor(fake);
      const submitted = await client.submitPurge('https://ik.imagekit.io/demo/*');
      if (!submitted.ok) throw new Error(submitted.error.message);

      expect(await client.getPurgeStatus(submitted.requestId)).toMatchObject({ completed: false });
      fake.completePurge(submitted.requestId);
      expect(await client.getPurgeStatus(submitted.requestId)).toMatchObject({ completed: true });
    });

    it('maps 400 "The URL is not valid for cache purging." to rejected', async () => {
      const error = failure(
        await clientFor(fake).submitPurge('ftp://example.com/a.jpg'),
        'rejected',
      );
      expect(error).toMatchObject({
        message: 'The URL is not valid for cache purging.',
        httpStatus: 400,
      });
    });

    it('maps faults on submission like on status: 429, reset, 403', async () => {
      const client = clientFor(fake);
      const url = 'https://ik.imagekit.io/demo/a.jpg';
      fake.inject('rate_limited', { endpoint: 'submit', resetMs: 900 });
      expect(failure(await client.submitPurge(url), 'rate_limited').resetMs).toBe(900);
      fake.inject('reset', { endpoint: 'submit' });
      failure(await client.submitPurge(url), 'transient');
      fake.inject('forbidden', { endpoint: 'submit' });
      failure(await client.submitPurge(url), 'auth');
    });
  });
  it('does not follow a redirect, so the key never leaves for another address', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const seen: string[] = [];
    const target = createHttpServer((request, response) => {
      seen.push(request.headers.authorization ?? '');
      response.end('{"status":"Completed"}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as { port: number };
    const redirector = createHttpServer((_request, response) => {
      response.writeHead(307, { Location: `http://127.0.0.1:${port}/v1/files/purge/x` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const client = new ImageKitClient({
        fetch: (url, init) => fetch(url, init),
        privateKey: () => 'private_redirect_test',
        baseUrl: `http://127.0.0.1:${(redirector.address() as { port: number }).port}`,
        userAgent: USER_AGENT,
      });
      const outcome = await client.getPurgeStatus('598821f949c0a938d57563bd');
      // An answer (not a dead network), but not ImageKit's: said as what it is.
      expect(outcome).toMatchObject({
        ok: false,
        error: { kind: 'protocol', message: expect.stringMatching(/answered with a redirect/) },
      });
      expect(seen).toEqual([]);
    } finally {
      redirector.close();
      target.close();
    }
  });
});
