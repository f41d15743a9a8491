// The fake ImageKit as a script with curl sees it: Basic auth with the key as username and any
// password, ImageKit's rate-limit headers on every answer, limits per endpoint (several at once)
// answered with 429 and X-RateLimit-Reset, and `npm run fake-imagekit -- --rate-limit`.
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutLoopback } from '../support/loopback';
import { startFakeImageKit } from '../fake-imagekit/server';
import type { FakeImageKit, FakeImageKitOptions } from '../fake-imagekit/server';
import { startFakeImageKitProcess } from './fake-imagekit-process';
import { basic, statusAs } from './plain-http';

const skip = await skipWithoutLoopback('the fake ImageKit tests');

const ID = '598821f949c0a938d57563bd';

describe.skipIf(skip)('the fake ImageKit, over plain HTTP', () => {
  const started: FakeImageKit[] = [];
  let clock = Date.UTC(2026, 10, 30, 12);
  afterEach(async () => {
    await Promise.all(started.splice(0).map((fake) => fake.close()));
  });

  async function start(options: FakeImageKitOptions = {}): Promise<FakeImageKit> {
    const fake = await startFakeImageKit({ now: () => clock, ...options });
    started.push(fake);
    fake.addPurge(ID, { completeAfterMs: Infinity });
    return fake;
  }

  async function get(
    fake: FakeImageKit,
    /** null: no Authorization header. */
    authorization: string | null = basic(`${fake.privateKey}:`),
    path = `/v1/files/purge/${ID}`,
  ): Promise<Response> {
    const response = await fetch(fake.baseUrl + path, {
      headers: authorization === null ? {} : { Authorization: authorization },
    });
    await response.arrayBuffer();
    return response;
  }

  async function post(fake: FakeImageKit, body: unknown): Promise<Response> {
    const response = await fetch(`${fake.baseUrl}/v1/files/purge`, {
      method: 'POST',
      headers: {
        Authorization: basic(`${fake.privateKey}:`),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response;
  }

  const rateLimitHeaders = (response: Response) => ({
    limit: response.headers.get('x-ratelimit-limit'),
    interval: response.headers.get('x-ratelimit-interval'),
    reset: response.headers.get('x-ratelimit-reset'),
  });

  describe('Basic auth: the private key is the username, the password is ignored', () => {
    const key = (password: string) => (k: string) => basic(`${k}:${password}`);
    it.each([
      {
        label: 'an empty password (curl -u key:)',
        status: 200,
        auth: 'valid',
        authorization: key(''),
      },
      {
        label: 'a dummy password (@imagekit/nodejs)',
        status: 200,
        auth: 'valid',
        authorization: key('do_not_set'),
      },
      { label: 'any password', status: 200, auth: 'valid', authorization: key('anything: at all') },
      {
        label: 'a lower-case scheme',
        status: 200,
        auth: 'valid',
        authorization: (k: string) => `basic ${Buffer.from(`${k}:`).toString('base64')}`,
      },
      {
        label: 'another key',
        status: 403,
        auth: 'wrong',
        authorization: () => basic('private_other:'),
      },
      {
        label: 'the key as the password',
        status: 401,
        auth: 'missing',
        authorization: (k: string) => basic(`:${k}`),
      },
      {
        label: 'no colon at all',
        status: 403,
        auth: 'wrong',
        authorization: (k: string) => basic(k),
      },
      {
        label: 'a Bearer token',
        status: 403,
        auth: 'wrong',
        authorization: (k: string) => `Bearer ${k}`,
      },
      { label: 'no Authorization header', status: 401, auth: 'missing', authorization: () => null },
    ] as const)('$label: $status', async ({ authorization, status, auth }) => {
      const fake = await start();
      expect((await get(fake, authorization(fake.privateKey))).status).toBe(status);
      expect(fake.requests[0]?.auth).toBe(auth);
    });
  });

  describe('rate-limit headers', () => {
    const unknown = '/v1/files/purge/000000000000000000000000';
    it.each([
      { label: 'a pending status', status: 200, send: (fake: FakeImageKit) => get(fake) },
      {
        label: 'an unknown ID',
        status: 400,
        send: (fake: FakeImageKit) => get(fake, undefined, unknown),
      },
      {
        label: 'a purge',
        status: 201,
        send: (fake: FakeImageKit) => post(fake, { url: 'https://ik.imagekit.io/demo/a.png' }),
      },
      {
        label: 'an invalid URL',
        status: 400,
        send: (fake: FakeImageKit) => post(fake, { url: 'nope' }),
      },
      { label: 'no key', status: 401, send: (fake: FakeImageKit) => get(fake, null) },
      {
        label: 'a wrong key',
        status: 403,
        send: (fake: FakeImageKit) => get(fake, basic('private_other:')),
      },
      {
        label: 'an injected 503',
        status: 503,
        send: (fake: FakeImageKit) => (fake.inject('server_error', { status: 503 }), get(fake)),
      },
      {
        label: 'a body cut short',
        status: 200,
        send: (fake: FakeImageKit) => (fake.inject('truncated'), get(fake)),
      },
    ])('come with $label ($status), without a reset', async ({ send, status }) => {
      const fake = await start({
        rateLimits: {
          status: { limit: 40, intervalMs: 1_000 },
          submit: { limit: 9, intervalMs: 60_000 },
        },
      });
      const response = await send(fake);
      expect(response.status).toBe(status);
      const submit = response.url.endsWith('/v1/files/purge');
      expect(rateLimitHeaders(response)).toEqual(
        submit
          ? { limit: '9', interval: '60000', reset: null }
          : { limit: '40', interval: '1000', reset: null },
      );
    });

    it('an injected 429 carries the advertised limit and its reset; a captive portal page carries none', async () => {
      const fake = await start({ rateLimits: { status: { limit: 40, intervalMs: 1_000 } } });
      fake.inject('rate_limited', { resetMs: 2_500 });
      fake.inject('html');
      expect(rateLimitHeaders(await get(fake))).toEqual({
        limit: '40',
        interval: '1000',
        reset: '2500',
      });
      expect(rateLimitHeaders(await get(fake))).toEqual({
        limit: null,
        interval: null,
        reset: null,
      });
    });

    it('default to a limit no ordinary test meets', async () => {
      const fake = await start();
      const answers = await Promise.all(Array.from({ length: 50 }, () => get(fake)));
      expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(rateLimitHeaders(answers[0]!)).toEqual({
        limit: '1000',
        interval: '1000',
        reset: null,
      });
    });
  });

  describe('limits per endpoint, several at once', () => {
    const TWO_LIMITS = {
      status: [
        { limit: 3, intervalMs: 1_000 },
        { limit: 5, intervalMs: 60_000 },
      ],
      submit: { limit: 1, intervalMs: 10_000 },
    };

    it('refuses past the short limit until its window ends, advertising the lower long-run rate meanwhile', async () => {
      const fake = await start({ rateLimits: TWO_LIMITS });
      const first = await get(fake);
      // 5 per minute is the lower rate of the two: that is what every answer advertises.
      expect(rateLimitHeaders(first)).toEqual({ limit: '5', interval: '60000', reset: null });
      await get(fake);
      clock += 250;
      expect((await get(fake)).status).toBe(200);
      const refused = await get(fake);
      expect(refused.status).toBe(429);
      expect(rateLimitHeaders(refused)).toEqual({ limit: '3', interval: '1000', reset: '750' });
      expect(fake.requests.at(-1)?.rateLimitResetUntil).toBe(clock + 750);
      // The purge endpoint counts on its own.
      expect((await post(fake, { url: 'https://ik.imagekit.io/demo/a.png' })).status).toBe(201);
      clock += 750;
      expect((await get(fake)).status).toBe(200);
    });

    it('refuses past the long limit until that window ends; refused requests do not count', async () => {
      const fake = await start({ rateLimits: TWO_LIMITS });
      for (let i = 0; i < 5; i++) {
        expect((await get(fake)).status).toBe(200);
        clock += 2_000;
      }
      // 10 s into the minute window: 50 s to go, however often the client asks meanwhile.
      for (let i = 0; i < 3; i++) {
        const refused = await get(fake);
        expect(rateLimitHeaders(refused)).toEqual({
          limit: '5',
          interval: '60000',
          reset: '50000',
        });
      }
      clock += 50_000;
      // A fresh window: the refused requests were not counted against it.
      for (let i = 0; i < 3; i++) expect((await get(fake)).status).toBe(200);
    });

    it('refuses a purge past the purge limit', async () => {
      const fake = await start({ rateLimits: TWO_LIMITS });
      expect((await post(fake, { url: 'https://ik.imagekit.io/demo/a.png' })).status).toBe(201);
      const refused = await post(fake, { url: 'https://ik.imagekit.io/demo/b.png' });
      expect(refused.status).toBe(429);
      expect(rateLimitHeaders(refused)).toEqual({ limit: '1', interval: '10000', reset: '10000' });
      expect((await get(fake)).status).toBe(200);
    });

    it.each([
      [{ status: [] }],
      [{ status: { limit: 0, intervalMs: 1_000 } }],
      [{ submit: { limit: 2.5, intervalMs: 1_000 } }],
      [{ status: { limit: 10, intervalMs: 0 } }],
      [{ status: { limit: 10, intervalMs: Infinity } }],
    ])('refuses a limit that is no limit: %j', async (rateLimits) => {
      await expect(startFakeImageKit({ rateLimits })).rejects.toThrow(RangeError);
    });
  });

  it('npm run fake-imagekit -- --rate-limit 1/1m: a second request within the minute gets a 429', async () => {
    const fake = await startFakeImageKitProcess(['--rate-limit', '1/1m']);
    try {
      const key = /Private key[^:]*: (\S+)/.exec(fake.printed)?.[1] ?? '';
      const statusOf = async () => {
        const answer = await statusAs(fake.baseUrl, key, '000000000000000000000000');
        return [answer.status, answer.headers.get('x-ratelimit-limit')];
      };
      expect(await statusOf()).toEqual([400, '1']);
      expect(await statusOf()).toEqual([429, '1']);
    } finally {
      fake.stop();
    }
  });
});
