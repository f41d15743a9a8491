// The fake ImageKit serving several accounts, over plain HTTP: the key picks the account; an ID is
// known only to the account that submitted it (any other answers exactly as for an unknown ID);
// each account has its own rate limit; one account's key can be refused while the others work;
// every recorded request names its account; and `npm run fake-imagekit -- --account`.
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutLoopback } from '../support/loopback';
import { SINGLE_ACCOUNT, startFakeImageKit } from '../fake-imagekit/server';
import type { FakeImageKit, FakeImageKitOptions } from '../fake-imagekit/server';
import { HELP } from '../fake-imagekit/replies';
import { startFakeImageKitProcess } from './fake-imagekit-process';
import { purgeAs, statusAs } from './plain-http';

const skip = await skipWithoutLoopback('the fake ImageKit account tests');

const PRODUCTION_KEY = 'private_production_key';
const STAGING_KEY = 'private_staging_key';
const ID = '598821f949c0a938d57563bd';
const UNKNOWN = '000000000000000000000000';
const NOT_FOUND = { message: 'No request found for this requestId.', help: HELP };

describe.skipIf(skip)('the fake ImageKit with several accounts', () => {
  const started: FakeImageKit[] = [];
  let clock = Date.UTC(2026, 10, 30, 12);
  afterEach(async () => {
    await Promise.all(started.splice(0).map((fake) => fake.close()));
  });

  async function start(options: FakeImageKitOptions = {}): Promise<FakeImageKit> {
    const fake = await startFakeImageKit({
      now: () => clock,
      accounts: { production: PRODUCTION_KEY, staging: STAGING_KEY },
      ...options,
    });
    started.push(fake);
    return fake;
  }

  describe('an ID is known only to its own account', () => {
    it('a seeded ID: its account sees it, the other gets exactly the unknown-ID answer', async () => {
      const fake = await start();
      fake.addPurge(ID, { account: 'staging', completeAfterMs: Infinity });
      const asStaging = await statusAs(fake.baseUrl, STAGING_KEY, ID);
      expect([asStaging.status, asStaging.body]).toEqual([200, { status: 'Pending' }]);
      const asProduction = await statusAs(fake.baseUrl, PRODUCTION_KEY, ID);
      const unknown = await statusAs(fake.baseUrl, PRODUCTION_KEY, UNKNOWN);
      expect([asProduction.status, asProduction.body]).toEqual([400, NOT_FOUND]);
      expect([unknown.status, unknown.body]).toEqual([asProduction.status, asProduction.body]);
    });

    it('a submitted purge belongs to the account whose key sent it', async () => {
      const fake = await start({ completeAfterMs: 0 });
      const submitted = await purgeAs(
        fake.baseUrl,
        PRODUCTION_KEY,
        'https://ik.imagekit.io/p/a.png',
      );
      expect(submitted.status).toBe(201);
      const { requestId } = submitted.body as { requestId: string };
      expect((await statusAs(fake.baseUrl, PRODUCTION_KEY, requestId)).body).toEqual({
        status: 'Completed',
      });
      expect((await statusAs(fake.baseUrl, STAGING_KEY, requestId)).body).toEqual(NOT_FOUND);
    });

    it('addPurge without an account seeds the first one; completePurge can name the account', async () => {
      const fake = await start();
      fake.addPurge(ID, { completeAfterMs: Infinity });
      fake.addPurge(UNKNOWN, { account: 'staging', completeAfterMs: Infinity });
      expect((await statusAs(fake.baseUrl, PRODUCTION_KEY, ID)).status).toBe(200);
      expect((await statusAs(fake.baseUrl, STAGING_KEY, ID)).status).toBe(400);
      expect(() => fake.completePurge(ID, 'staging')).toThrow(/under account "staging"/);
      fake.completePurge(ID, 'production');
      fake.completePurge(UNKNOWN);
      expect((await statusAs(fake.baseUrl, PRODUCTION_KEY, ID)).body).toEqual({
        status: 'Completed',
      });
      expect((await statusAs(fake.baseUrl, STAGING_KEY, UNKNOWN)).body).toEqual({
        status: 'Completed',
      });
    });
  });

  it('records which account each request authenticated as: one not-found spent on production', async () => {
    const fake = await start();
    fake.addPurge(ID, { account: 'staging', completeAfterMs: Infinity });
    // The owning-account lookup: the default account first, then the next.
    await statusAs(fake.baseUrl, PRODUCTION_KEY, ID);
    await statusAs(fake.baseUrl, STAGING_KEY, ID);
    await statusAs(fake.baseUrl, 'private_nobody', ID);
    expect(
      fake.requests.map(({ account, auth, responseStatus }) => ({ account, auth, responseStatus })),
    ).toEqual([
      { account: 'production', auth: 'valid', responseStatus: 400 },
      { account: 'staging', auth: 'valid', responseStatus: 200 },
      { account: undefined, auth: 'wrong', responseStatus: 403 },
    ]);
  });

  describe('rate limits are per account', () => {
    it('a budget spent on production does not limit staging', async () => {
      const fake = await start({ rateLimits: { status: { limit: 2, intervalMs: 60_000 } } });
      fake.addPurge(ID, { account: 'production', completeAfterMs: Infinity });
      fake.addPurge(UNKNOWN, { account: 'staging', completeAfterMs: Infinity });
      const production = () => statusAs(fake.baseUrl, PRODUCTION_KEY, ID);
      const staging = () => statusAs(fake.baseUrl, STAGING_KEY, UNKNOWN);
      expect((await production()).status).toBe(200);
      clock += 1_000;
      expect((await production()).status).toBe(200);
      const refused = await production();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-ratelimit-reset')).toBe('59000');
      expect(fake.requests.at(-1)).toMatchObject({
        account: 'production',
        rateLimitResetUntil: clock + 59_000,
      });
      expect((await staging()).status).toBe(200);
      expect((await staging()).status).toBe(200);
      expect((await staging()).status).toBe(429);
      clock += 59_000;
      expect((await production()).status).toBe(200);
    });

    it('an injected fault can target one account', async () => {
      const fake = await start();
      fake.addPurge(ID, { account: 'production', completeAfterMs: Infinity });
      fake.addPurge(UNKNOWN, { account: 'staging', completeAfterMs: Infinity });
      fake.inject('rate_limited', { account: 'staging', resetMs: 5_000 });
      expect((await statusAs(fake.baseUrl, PRODUCTION_KEY, ID)).status).toBe(200);
      const limited = await statusAs(fake.baseUrl, STAGING_KEY, UNKNOWN);
      expect([limited.status, limited.headers.get('x-ratelimit-reset')]).toEqual([429, '5000']);
      expect(fake.queuedFaults).toBe(0);
      expect(fake.requests.map((r) => [r.account, r.fault])).toEqual([
        ['production', undefined],
        ['staging', 'rate_limited'],
      ]);
    });
  });

  describe("one account's key refused", () => {
    it('refuseKey: 403 for that account only, until acceptKey', async () => {
      const fake = await start();
      fake.addPurge(ID, { account: 'production', completeAfterMs: Infinity });
      fake.addPurge(UNKNOWN, { account: 'staging', completeAfterMs: Infinity });
      fake.refuseKey(
        'staging',
        'Your account cannot be authenticated because of an expired private API key.',
      );
      const refused = await statusAs(fake.baseUrl, STAGING_KEY, UNKNOWN);
      expect([refused.status, refused.body]).toEqual([
        403,
        {
          message: 'Your account cannot be authenticated because of an expired private API key.',
          help: HELP,
        },
      ]);
      expect(
        (await purgeAs(fake.baseUrl, STAGING_KEY, 'https://ik.imagekit.io/s/a.png')).status,
      ).toBe(403);
      expect((await statusAs(fake.baseUrl, PRODUCTION_KEY, ID)).status).toBe(200);
      expect(fake.requests.map(({ account, auth }) => [account, auth])).toEqual([
        ['staging', 'wrong'],
        ['staging', 'wrong'],
        ['production', 'valid'],
      ]);
      fake.acceptKey('staging');
      expect((await statusAs(fake.baseUrl, STAGING_KEY, UNKNOWN)).status).toBe(200);
    });

    it("the default message is ImageKit's for a key it cannot authenticate", async () => {
      const fake = await start();
      fake.refuseKey('production');
      expect((await statusAs(fake.baseUrl, PRODUCTION_KEY, ID)).body).toEqual({
        message: 'Your account cannot be authenticated.',
        help: HELP,
      });
    });
  });

  describe('the options', () => {
    it('a single privateKey is one account named default, as before', async () => {
      const fake = await startFakeImageKit({ privateKey: 'private_only' });
      started.push(fake);
      fake.addPurge(ID, { completeAfterMs: Infinity });
      expect(fake.accounts).toEqual({ [SINGLE_ACCOUNT]: 'private_only' });
      expect(fake.privateKey).toBe('private_only');
      expect((await statusAs(fake.baseUrl, 'private_only', ID)).status).toBe(200);
      expect(fake.requests[0]?.account).toBe(SINGLE_ACCOUNT);
    });

    it('a list of names gets a fresh key each; privateKey is the first account', async () => {
      const fake = await startFakeImageKit({ accounts: ['client-a', 'client-b'] });
      started.push(fake);
      expect(Object.keys(fake.accounts)).toEqual(['client-a', 'client-b']);
      const [a, b] = [fake.keyOf('client-a'), fake.keyOf('client-b')];
      expect(a).toMatch(/^private_fake_[0-9a-f]{24}$/);
      expect(b).toMatch(/^private_fake_[0-9a-f]{24}$/);
      expect(a).not.toBe(b);
      expect(fake.privateKey).toBe(a);
    });

    it.each([
      ['privateKey and accounts both', { privateKey: 'private_x', accounts: ['a'] }],
      ['no account', { accounts: [] }],
      ['two accounts with one key', { accounts: { a: 'private_x', b: 'private_x' } }],
      ['two accounts with one name', { accounts: ['a', 'a'] }],
      ['a key holding a colon', { accounts: { a: 'private:x' } }],
      ['an empty name', { accounts: { '': 'private_x' } }],
    ] as const)('refuses %s', async (_label, options) => {
      await expect(startFakeImageKit(options)).rejects.toThrow(RangeError);
    });

    it('an unknown account name is an error, not a silent no-op', async () => {
      const fake = await start();
      const typo = /no account "prod" \(it has: production, staging\)/;
      expect(() => fake.keyOf('prod')).toThrow(typo);
      expect(() => fake.addPurge(ID, { account: 'prod' })).toThrow(typo);
      expect(() => fake.inject('forbidden', { account: 'prod' })).toThrow(typo);
      expect(() => fake.refuseKey('prod')).toThrow(typo);
      expect(fake.queuedFaults).toBe(0);
    });
  });

  describe('npm run fake-imagekit -- --account', () => {
    it('prints each account with its key and seeds an ID only the second account knows', async () => {
      const fake = await startFakeImageKitProcess([
        '--account',
        'production',
        '--account=staging=private_given_staging',
        '--rate-limit',
        '2/1m',
      ]);
      try {
        const keyOf = (name: string) =>
          new RegExp(`^  ${name} +(private_\\S+)$`, 'm').exec(fake.printed)?.[1] ?? '';
        const production = keyOf('production');
        expect(production).toMatch(/^private_fake_[0-9a-f]{24}$/);
        expect(keyOf('staging')).toBe('private_given_staging');
        expect(fake.printed).toContain(`export IMAGE_KIT_BASE_URL=${fake.baseUrl}`);
        expect(fake.printed).toContain(
          "printf %s 'private_given_staging' | purge-watch key set --account staging",
        );
        const stagingId = /^ {2}([0-9a-f]{24}) {2}staging /m.exec(fake.printed)?.[1] ?? '';
        expect(stagingId).toMatch(/^[0-9a-f]{24}$/);
        expect((await statusAs(fake.baseUrl, 'private_given_staging', stagingId)).body).toEqual({
          status: 'Pending',
        });
        // Production does not know it, and its limit of 2 a minute is its own.
        expect((await statusAs(fake.baseUrl, production, stagingId)).body).toEqual(NOT_FOUND);
        expect((await statusAs(fake.baseUrl, production, stagingId)).status).toBe(400);
        expect((await statusAs(fake.baseUrl, production, stagingId)).status).toBe(429);
        expect((await statusAs(fake.baseUrl, 'private_given_staging', stagingId)).status).toBe(200);
      } finally {
        fake.stop();
      }
    });

    it('one --account (a key of your own): its banner offers one curl line, not the same twice', async () => {
      const fake = await startFakeImageKitProcess(['--account', 'default=private_made_up']);
      try {
        const tries = fake.printed.split('\n').filter((line) => /^\s*(?:Try: )?curl /.test(line));
        expect(tries).toEqual([expect.stringContaining('curl -i -u private_made_up: ')]);
      } finally {
        fake.stop();
      }
    });

    it.each([
      [['--account', 'two words'], /"two words" is not an account/],
      [['--account', 'a', '--account', 'a=private_x'], /--account needs a name of its own/],
      [['--account', 'a=private:x'], /needs a key/],
    ])('%j exits 2 and says why', async (args, why) => {
      await expect(startFakeImageKitProcess(args)).rejects.toThrow(
        new RegExp(`exited \\(2\\): fake-imagekit: .*${why.source}`),
      );
    });
  });
});
