// One table: the official ImageKit Node SDKs (`imagekit` 6, `@imagekit/nodejs` 7) and Purge
// Watch's own client against the fake ImageKit, case by case. Each case says what every client
// must agree on (the value returned, or the server's status and message) and how each client
// hands a failure over (an SDK's error class or body keys, our outcome's kind). When the SDKs and
// the fake disagree, the SDKs (written against the real ImageKit) win and the fake changes.
import { RateLimitError } from '@imagekit/nodejs';
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutLoopback } from '../support/loopback';
import { DEFAULT_RATE_LIMITS, startFakeImageKit } from '../fake-imagekit/server';
import type { FakeImageKit, FakeImageKitOptions, RateLimitRule } from '../fake-imagekit/server';
import { CLIENTS, sdk7For } from './clients';
import type { ConformanceClient, Observation, Target } from './clients';

const skip = await skipWithoutLoopback('the conformance tier');

/** The fake's clock stands still unless a case moves it: reset times are exact. */
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const COMPLETED = '598821f949c0a938d57563bd';
const PENDING = '598821f949c0a938d57563be';
const UNKNOWN = '000000000000000000000000';
const ERROR_BODY = 'help,message';
const RATE_LIMITED_BODY = 'X-RateLimit-Interval,X-RateLimit-Limit,X-RateLimit-Reset,help,message';

interface Setting {
  fake: FakeImageKit;
  /** Moves the fake's clock. */
  advance(ms: number): void;
  /** A request as another script on the same account sends it (counts against its limits):
   * a GET, or a POST of `body`. Resolves to the HTTP status. */
  sendAsAnotherScript(path: string, body?: unknown): Promise<number>;
}

interface Case {
  name: string;
  fake?: FakeImageKitOptions;
  /** Before the client's call: the account's state. */
  before?: (setting: Setting) => Promise<void> | void;
  key?: (fake: FakeImageKit) => string;
  call: (client: ConformanceClient, target: Target) => Promise<Observation>;
  /** What every client sees. */
  expected: Partial<Observation>;
  /** Where a client sees it otherwise, on purpose. */
  except?: Record<string, Partial<Observation>>;
  /** How each client hands a failure over. */
  errorTypes?: Record<string, string>;
  /** Requests the client's call makes reach the fake (default 1). */
  requests?: Record<string, number>;
}

const errorTypes = (ours: string, v7: string, v6 = ERROR_BODY): Record<string, string> => ({
  'purge-watch': ours,
  'imagekit 6': v6,
  '@imagekit/nodejs 7': v7,
});

/** A 429 from `rule` with `resetMs` to wait. */
function rateLimited(rule: RateLimitRule, resetMs: number): Pick<Case, 'expected' | 'errorTypes'> {
  return {
    expected: {
      outcome: 'error',
      httpStatus: 429,
      message: 'You have exceeded the rate limit. Please try again later.',
      rateLimit: { limit: rule.limit, intervalMs: rule.intervalMs, resetMs },
    },
    errorTypes: errorTypes('rate_limited', 'RateLimitError', RATE_LIMITED_BODY),
  };
}

/** What every answer advertises unless a case sets limits: the fake's default. */
const ADVERTISED = { rateLimit: { ...DEFAULT_RATE_LIMITS.status[0]! } };

const PER_SECOND = { limit: 2, intervalMs: 1_000 };
const PER_15_MINUTES = { limit: 3, intervalMs: 15 * 60_000 };

const status = (id: string) => (client: ConformanceClient, target: Target) =>
  client.status(target, id);
const purge = (url: string) => (client: ConformanceClient, target: Target) =>
  client.purge(target, url);

const CASES: Case[] = [
  {
    name: 'status of a completed purge',
    call: status(COMPLETED),
    expected: { outcome: 'ok', status: 'Completed', ...ADVERTISED },
  },
  {
    name: 'status of a pending purge',
    call: status(PENDING),
    expected: { outcome: 'ok', status: 'Pending', ...ADVERTISED },
  },
  {
    name: 'status of an unknown request ID',
    call: status(UNKNOWN),
    expected: {
      outcome: 'error',
      httpStatus: 400,
      message: 'No request found for this requestId.',
      ...ADVERTISED,
    },
    errorTypes: errorTypes('not_found', 'BadRequestError'),
  },
  {
    name: 'purge of a valid URL',
    call: purge('https://ik.imagekit.io/demo/site/app.js'),
    expected: {
      outcome: 'ok',
      requestId: expect.stringMatching(/^[0-9a-f]{24}$/) as string,
      ...ADVERTISED,
    },
  },
  {
    name: 'purge of an invalid URL',
    call: purge('not a url'),
    expected: {
      outcome: 'error',
      httpStatus: 400,
      message: 'The URL is not valid for cache purging.',
      ...ADVERTISED,
    },
    errorTypes: errorTypes('rejected', 'BadRequestError'),
  },
  {
    name: 'status with a wrong private key',
    key: () => 'private_wrong0123456789abcdef=',
    call: status(COMPLETED),
    expected: {
      outcome: 'error',
      httpStatus: 403,
      message: 'Your account cannot be authenticated.',
      ...ADVERTISED,
    },
    errorTypes: errorTypes('auth', 'PermissionDeniedError'),
  },
  {
    name: 'status with the public key instead of the private one',
    key: () => 'public_abcDEF0123456789=',
    call: status(COMPLETED),
    expected: { outcome: 'error' },
    except: {
      // The SDKs send it and ImageKit refuses it; Purge Watch knows the prefix and sends nothing.
      'imagekit 6': {
        httpStatus: 403,
        message: 'Your account cannot be authenticated.',
        ...ADVERTISED,
      },
      '@imagekit/nodejs 7': {
        httpStatus: 403,
        message: 'Your account cannot be authenticated.',
        ...ADVERTISED,
      },
      'purge-watch': { message: expect.stringMatching(/public API key/) as string },
    },
    errorTypes: errorTypes('auth', 'PermissionDeniedError'),
    requests: { 'purge-watch': 0 },
  },
  {
    name: 'status past 2 per second (with 3 per 15 minutes): 429 until the second ends',
    fake: { rateLimits: { status: [PER_SECOND, PER_15_MINUTES] } },
    before: async ({ sendAsAnotherScript, advance }) => {
      advance(-400); // another script's two requests, 400 ms ago, open the 1 s window
      expect(await sendAsAnotherScript(`/v1/files/purge/${COMPLETED}`)).toBe(200);
      expect(await sendAsAnotherScript(`/v1/files/purge/${COMPLETED}`)).toBe(200);
      advance(400);
    },
    call: status(COMPLETED),
    ...rateLimited(PER_SECOND, 600),
  },
  {
    name: 'status past 3 per 15 minutes (within 2 per second): 429 until the long window ends',
    fake: { rateLimits: { status: [PER_SECOND, PER_15_MINUTES] } },
    before: async ({ sendAsAnotherScript, advance }) => {
      for (let i = 0; i < 3; i++) {
        expect(await sendAsAnotherScript(`/v1/files/purge/${PENDING}`)).toBe(200);
        advance(60_000);
      }
    },
    call: status(PENDING),
    ...rateLimited(PER_15_MINUTES, 12 * 60_000),
  },
  {
    name: 'purge past 1 per minute on the purge endpoint: 429 with reset',
    fake: { rateLimits: { submit: { limit: 1, intervalMs: 60_000 } } },
    before: async ({ sendAsAnotherScript, advance }) => {
      const body = { url: 'https://ik.imagekit.io/demo/a.png' };
      expect(await sendAsAnotherScript('/v1/files/purge', body)).toBe(201);
      advance(15_000);
    },
    call: purge('https://ik.imagekit.io/demo/b.png'),
    ...rateLimited({ limit: 1, intervalMs: 60_000 }, 45_000),
  },
];

describe.skipIf(skip)('conformance: the official SDKs and Purge Watch see the fake alike', () => {
  const started: FakeImageKit[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((fake) => fake.close()));
  });

  async function setUp(options: FakeImageKitOptions = {}): Promise<Setting> {
    let clock = T0;
    const fake = await startFakeImageKit({ ...options, now: () => clock });
    started.push(fake);
    fake.addPurge(COMPLETED, { completeAfterMs: 0 });
    fake.addPurge(PENDING, { completeAfterMs: Infinity });
    return {
      fake,
      advance: (ms) => (clock += ms),
      sendAsAnotherScript: async (path, body) => {
        const response = await fetch(fake.baseUrl + path, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from(`${fake.privateKey}:`).toString('base64')}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        await response.arrayBuffer();
        return response.status;
      },
    };
  }

  describe.each(CASES)('$name', (testCase) => {
    it.each(CLIENTS.map((client) => [client.name, client] as const))('%s', async (name, client) => {
      const setting = await setUp(testCase.fake);
      await testCase.before?.(setting);
      const { fake } = setting;
      const before = fake.requests.length;

      const observation = await testCase.call(client, {
        baseUrl: fake.baseUrl,
        privateKey: testCase.key?.(fake) ?? fake.privateKey,
      });

      const expected = { ...testCase.expected, ...testCase.except?.[name] };
      expect(observation).toMatchObject(expected);
      if (expected.rateLimit) expect(observation.rateLimit).toEqual(expected.rateLimit);
      if (observation.outcome === 'error') {
        expect(observation.errorType).toBe(testCase.errorTypes?.[name]);
      }
      expect(fake.requests.length - before).toBe(testCase.requests?.[name] ?? 1);
      if (observation.requestId !== undefined) {
        // The request ID is one the fake answers for.
        expect(
          await client.status(
            { baseUrl: fake.baseUrl, privateKey: fake.privateKey },
            observation.requestId,
          ),
        ).toMatchObject({ outcome: 'ok', status: 'Pending' });
      }
    });
  });

  it('the fake takes the key as the Basic username whatever the password, as the SDKs need', async () => {
    const { fake } = await setUp();
    const sent: string[] = [];
    const sdk = sdk7For(
      { baseUrl: fake.baseUrl, privateKey: fake.privateKey },
      {
        fetch: (input, init) => {
          sent.push(new Headers(init?.headers).get('authorization') ?? '');
          return fetch(input, init);
        },
      },
    );
    expect(await sdk.cache.invalidation.get(COMPLETED)).toEqual({ status: 'Completed' });
    // @imagekit/nodejs sends a dummy password ImageKit ignores.
    const credentials = Buffer.from(sent[0]!.replace(/^Basic /, ''), 'base64').toString();
    expect(credentials).toBe(`${fake.privateKey}:do_not_set`);
    expect(fake.requests.map((r) => r.auth)).toEqual(['valid']);
  });

  it('@imagekit/nodejs with its default retries sends a 429 twice more without waiting for the reset', async () => {
    const setting = await setUp({ rateLimits: { status: { limit: 1, intervalMs: 60_000 } } });
    const { fake } = setting;
    expect(await setting.sendAsAnotherScript(`/v1/files/purge/${COMPLETED}`)).toBe(200);
    const sdk = sdk7For({ baseUrl: fake.baseUrl, privateKey: fake.privateKey }, { maxRetries: 2 });
    await expect(sdk.cache.invalidation.get(COMPLETED)).rejects.toBeInstanceOf(RateLimitError);
    // The fake's clock stood still: all three requests came inside the 60 s reset window.
    expect(fake.requests.map((r) => r.responseStatus)).toEqual([200, 429, 429, 429]);
  });
});
