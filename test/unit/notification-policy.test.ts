// The notification policy as data: one per completion, grouping, once per episode, snooze/off.
import { describe, expect, it } from 'vitest';
import {
  GROUP_MAX_WAIT_MS,
  GROUP_QUIET_MS,
  isMuted,
  NotificationPolicy,
  storeRecoveredNotice,
} from '../../src/main/notifications/notification-policy';
import type { Settings } from '../../src/shared/settings';
import type { AccountApiError, Freshness, PurgeRequest } from '../../src/shared/purge';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { summarizeDurations } from '../../src/shared/duration-estimate';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const ON: Settings = {
  ...DEFAULT_SETTINGS,
  notifications: true,
  snoozedUntil: 0,
  launchAtLogin: false,
};
const id = (n: number) => `5f2b6c1e9a8d7c6b5a4f${n.toString(16).padStart(4, '0')}`;

function completed(n: number, tookMs: number, url?: string): PurgeRequest {
  return {
    requestId: id(n),
    state: 'completed',
    status: 'Completed',
    submittedAt: T0 - tookMs,
    addedAt: T0 - tookMs,
    completedAt: T0,
    checks: 3,
    ...(url ? { url } : {}),
  };
}

function failed(n: number, state: 'not_found' | 'given_up'): PurgeRequest {
  return { ...completed(n, 60_000), state, status: 'Pending', completedAt: undefined };
}

const REFUSED: AccountApiError = {
  account: 'default',
  kind: 'auth',
  auth: 'key_refused',
  message: 'Your account cannot be authenticated.',
  httpStatus: 401,
};

const MIN = 60_000;
/** Purges that took 1–3 minutes: the 95th percentile is 3 min, "far past" is 10 min (the floor). */
const USUAL = summarizeDurations([1, 1.5, 2, 2, 2.5, 3, 3].map((m) => m * MIN));

function pendingFor(n: number, ageMs: number, extra: Partial<PurgeRequest> = {}): PurgeRequest {
  return {
    requestId: id(n),
    state: 'pending',
    status: 'Pending',
    submittedAt: T0 - ageMs,
    addedAt: T0 - ageMs,
    lastCheckedAt: T0,
    checks: 20,
    ...extra,
  };
}

describe('NotificationPolicy: a purge far past usual', () => {
  it('says nothing of a purge ImageKit has not yet called Pending since it was pasted or resumed', () => {
    const policy = new NotificationPolicy();
    // Pasted 20 minutes after its submission: most likely complete already.
    const pasted = pendingFor(1, 20 * MIN, { addedAt: T0, lastCheckedAt: undefined, checks: 0 });
    expect(policy.onStillPending([pasted], USUAL, ON, T0)).toBeUndefined();
    // Resumed a day after submission, its last check from before the resume.
    const resumed = pendingFor(2, 24 * 60 * MIN, { resumedAt: T0, lastCheckedAt: T0 - MIN });
    expect(policy.onStillPending([resumed], USUAL, ON, T0)).toBeUndefined();
    // A check that failed says nothing of the purge either.
    const failing = pendingFor(3, 20 * MIN, {
      lastError: { kind: 'transient', message: 'HTTP 503', at: T0 },
    });
    expect(policy.onStillPending([failing], USUAL, ON, T0)).toBeUndefined();
    // Once a check answers Pending, the pasted one is told.
    expect(
      policy.onStillPending([{ ...pasted, lastCheckedAt: T0 + 1_000, checks: 1 }], USUAL, ON, T0),
    ).toMatchObject({ kind: 'far-past-usual', target: { requestId: id(1) } });
  });

  it('is told once, past 3× the 95th percentile and at least 10 minutes', () => {
    const policy = new NotificationPolicy();
    expect(policy.onStillPending([pendingFor(1, 9 * MIN)], USUAL, ON, T0)).toBeUndefined();
    expect(
      policy.onStillPending(
        [pendingFor(1, 10 * MIN + 1_000, { url: 'https://x.test/a.js' })],
        USUAL,
        ON,
        T0,
      ),
    ).toEqual({
      kind: 'far-past-usual',
      title: 'Purge taking far longer than usual',
      body: "https://x.test/a.js\nPending for 10m 1s; this account's purges usually take 1–3 min. ImageKit may be having trouble.",
      target: { requestId: id(1) },
    });
    expect(policy.onStillPending([pendingFor(1, 30 * MIN)], USUAL, ON, T0)).toBeUndefined();
    // Resumed after it was given up: told again when it runs long again (once checked).
    expect(
      policy.onStillPending([pendingFor(1, 40 * MIN, { resumedAt: T0 - MIN })], USUAL, ON, T0),
    ).toMatchObject({ kind: 'far-past-usual' });
  });

  it('waits for 3× the 95th percentile when that is more than 10 minutes', () => {
    const slow = summarizeDurations([5, 6, 7, 8, 9, 10, 10].map((m) => m * MIN));
    const policy = new NotificationPolicy();
    expect(policy.onStillPending([pendingFor(1, 29 * MIN)], slow, ON, T0)).toBeUndefined();
    expect(policy.onStillPending([pendingFor(1, 31 * MIN)], slow, ON, T0)).toBeDefined();
  });

  it('says nothing without 5 completions, for finished purges, or while muted (and not later)', () => {
    const policy = new NotificationPolicy();
    const few = summarizeDurations([1, 2, 2, 3].map((m) => m * MIN));
    expect(policy.onStillPending([pendingFor(1, 60 * MIN)], few, ON, T0)).toBeUndefined();
    const done = { ...pendingFor(2, 60 * MIN), state: 'completed' as const };
    expect(policy.onStillPending([done], USUAL, ON, T0)).toBeUndefined();
    const off = { ...ON, notifications: false };
    expect(policy.onStillPending([pendingFor(3, 60 * MIN)], USUAL, off, T0)).toBeUndefined();
    expect(policy.onStillPending([pendingFor(3, 61 * MIN)], USUAL, ON, T0)).toBeUndefined();
    const snoozed = { ...ON, snoozedUntil: T0 + MIN };
    expect(policy.onStillPending([pendingFor(4, 60 * MIN)], USUAL, snoozed, T0)).toBeUndefined();
  });

  it('groups purges that run long at the same check', () => {
    const policy = new NotificationPolicy();
    const notice = policy.onStillPending(
      [pendingFor(1, 20 * MIN), pendingFor(2, 20 * MIN), pendingFor(3, 2 * MIN)],
      USUAL,
      ON,
      T0,
    );
    expect(notice).toMatchObject({
      title: '2 purges taking far longer than usual',
      body: `${id(1)}\n${id(2)}\nThis account's purges usually take 1–3 min.`,
    });
  });
});

describe('NotificationPolicy', () => {
  it('one completion: one notification naming the URL and how long it took, after a short wait', () => {
    const policy = new NotificationPolicy();
    policy.onSettled(completed(1, 72_000, 'https://cdn.example.com/hero.jpg'), T0);
    expect(policy.dueAt).toBe(T0 + GROUP_QUIET_MS);
    expect(policy.flush(T0 + GROUP_QUIET_MS - 1, ON)).toEqual([]);
    expect(policy.flush(T0 + GROUP_QUIET_MS, ON)).toEqual([
      {
        kind: 'completed',
        title: 'Purge completed',
        body: 'https://cdn.example.com/hero.jpg\nTook 1m 12s',
        target: { requestId: id(1) },
      },
    ]);
    expect(policy.dueAt).toBeUndefined();
  });

  it.each([
    ['fresh', { verdict: 'fresh', seen: { pop: 'FRA56-P1' } }, 'Completed · fresh', ''],
    [
      'stale',
      { verdict: 'stale', seen: { pop: 'FRA56-P1', age: 7200 } },
      'Completed, but FRA56-P1 still serves the old copy',
      '',
    ],
    [
      'a wildcard',
      { verdict: 'unknown', reason: 'not checked: wildcard' },
      'Completed · not checked: wildcard',
      '',
    ],
    [
      // Why it could not tell is on a line of its own.
      'no cache headers',
      { verdict: 'unknown', reason: 'no cache headers' },
      'Completed · freshness unknown',
      '\nFreshness unknown: no cache headers',
    ],
  ] as const)(
    'a URL purge checked at the CDN (%s) says the verdict',
    (_what, verdict, title, why) => {
      const policy = new NotificationPolicy();
      const url = 'https://cdn.example.com/hero.jpg';
      const freshness: Freshness = { ...verdict, since: T0, checks: 1, seen: undefined };
      if ('seen' in verdict) freshness.seen = { url, checkedAt: T0, ...verdict.seen };
      policy.onSettled({ ...completed(1, 72_000, url), freshness }, T0);
      expect(policy.flush(T0 + GROUP_QUIET_MS, ON)).toEqual([
        {
          kind: 'completed',
          title,
          body: `${url}\nTook 1m 12s${why}`,
          target: { requestId: id(1) },
        },
      ]);
    },
  );

  it('a group names first the purges whose CDN still serves the old copy', () => {
    const policy = new NotificationPolicy();
    const stale = { verdict: 'stale', since: T0, checks: 7 } as const;
    policy.onSettled(completed(1, 1_000, 'https://cdn.example.com/a.jpg'), T0);
    policy.onSettled(
      { ...completed(2, 1_000, 'https://cdn.example.com/b.jpg'), freshness: stale },
      T0,
    );
    expect(policy.flush(T0 + GROUP_QUIET_MS, ON)).toEqual([
      {
        kind: 'completed',
        title: '2 purges completed, but the CDN still serves the old copy of 1',
        body: 'https://cdn.example.com/b.jpg\nhttps://cdn.example.com/a.jpg',
        target: { requestId: id(2) },
      },
    ]);
  });

  it('names the request ID when the URL is not known', () => {
    const policy = new NotificationPolicy();
    policy.onSettled(completed(2, 4_000), T0);
    expect(policy.flush(T0 + GROUP_QUIET_MS, ON)[0]?.body).toBe(`${id(2)}\nTook 4s`);
  });

  it('groups completions close together (waking from sleep): "5 purges completed"', () => {
    const policy = new NotificationPolicy();
    for (let n = 1; n <= 5; n++) policy.onSettled(completed(n, 60_000 * n), T0 + n * 500);
    const notices = policy.flush(T0 + 5 * 500 + GROUP_QUIET_MS, ON);
    expect(notices).toEqual([
      {
        kind: 'completed',
        title: '5 purges completed',
        body: `${id(1)}\n${id(2)}\n${id(3)}\nand 2 more`,
        target: { requestId: id(1) }, // a click shows the first purge it names
      },
    ]);
  });

  it('closes a group that keeps growing after GROUP_MAX_WAIT_MS', () => {
    const policy = new NotificationPolicy();
    let t = T0;
    for (let n = 1; t - T0 < GROUP_MAX_WAIT_MS + 5_000; n++, t += 1_000) {
      policy.onSettled(completed(n, 1_000), t);
      if (t - T0 === GROUP_MAX_WAIT_MS - 1_000) expect(policy.dueAt).toBe(T0 + GROUP_MAX_WAIT_MS);
    }
    const notices = policy.flush(T0 + GROUP_MAX_WAIT_MS, ON);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.title).toMatch(/^\d+ purges completed$/);
  });

  it('completions far apart are told one by one', () => {
    const policy = new NotificationPolicy();
    policy.onSettled(completed(1, 1_000), T0);
    expect(policy.flush(T0 + GROUP_QUIET_MS, ON)).toHaveLength(1);
    policy.onSettled(completed(2, 1_000), T0 + 60_000);
    expect(policy.flush(T0 + 60_000 + GROUP_QUIET_MS, ON).map((n) => n.title)).toEqual([
      'Purge completed',
    ]);
  });

  it('tells not found and given up once per purge, grouped like completions', () => {
    const policy = new NotificationPolicy();
    policy.onSettled(failed(1, 'not_found'), T0);
    policy.onSettled(failed(1, 'not_found'), T0);
    policy.onSettled(failed(2, 'given_up'), T0);
    const notices = policy.flush(T0 + GROUP_QUIET_MS, ON);
    expect(notices.map((n) => [n.kind, n.title, n.target])).toEqual([
      ['not_found', 'Purge not found', { requestId: id(1) }],
      ['given_up', 'Purge given up', { requestId: id(2) }],
    ]);
    expect(notices[1]?.body).toContain('Resume it');
    policy.onSettled(failed(1, 'not_found'), T0 + 60_000);
    expect(policy.dueAt).toBeUndefined();

    for (let n = 10; n < 13; n++) policy.onSettled(failed(n, 'not_found'), T0 + 60_000);
    const [group] = policy.flush(T0 + 60_000 + GROUP_QUIET_MS, ON);
    expect(group?.title).toBe('3 purges not found');
    expect(group?.target).toEqual({ requestId: id(10) });
  });

  it('tells a purge given up again after the user resumed it', () => {
    const policy = new NotificationPolicy();
    policy.onSettled(failed(1, 'given_up'), T0);
    policy.flush(T0 + GROUP_QUIET_MS, ON);
    policy.onSettled({ ...failed(1, 'given_up'), resumedAt: T0 + 1_000 }, T0 + 10 * 60_000);
    expect(policy.flush(T0 + 10 * 60_000 + GROUP_QUIET_MS, ON)).toHaveLength(1);
  });

  it('tells a key problem once per episode, not per ID', () => {
    const policy = new NotificationPolicy();
    const first = policy.onKeyProblem(REFUSED, ON, T0);
    expect(first).toMatchObject({
      kind: 'key',
      title: 'Private key refused',
      target: { section: 'key' },
    });
    expect(first?.body).toContain('Your account cannot be authenticated.');
    expect(policy.onKeyProblem(REFUSED, ON, T0 + 1)).toBeUndefined();
    policy.onStatus({ pausedFor: [], authProblems: [{ ...REFUSED, account: 'default' }] });
    expect(policy.onKeyProblem(REFUSED, ON, T0 + 2)).toBeUndefined();
    // The key was changed and works: the next problem is a new episode.
    policy.onStatus({ pausedFor: [] });
    expect(
      policy.onKeyProblem(
        {
          account: 'default',
          kind: 'auth',
          auth: 'key_missing',
          message: 'No private API key is set.',
        },
        ON,
        T0 + 3,
      ),
    ).toMatchObject({ title: 'Private key needed' });
  });

  describe('with several accounts', () => {
    const TWO = {
      accounts: [
        { name: 'production', source: 'keychain' as const, isDefault: true },
        { name: 'staging', source: 'keychain' as const, isDefault: false },
      ],
    };
    const on = (account: string) => ({ ...REFUSED, account });

    it('tells a key problem once per episode and account, naming the account', () => {
      const policy = new NotificationPolicy();
      policy.onAccounts(TWO);
      const staging = policy.onKeyProblem(on('staging'), ON, T0);
      expect(staging).toMatchObject({
        kind: 'key',
        title: 'staging: ImageKit refused the key',
        target: { section: 'key' },
      });
      expect(staging?.body).toContain('Checking the purges of staging is on hold');
      policy.onStatus({ pausedFor: [], authProblems: [on('staging')] });
      // The same account again: the same episode. Another account: a notification of its own.
      expect(policy.onKeyProblem(on('staging'), ON, T0 + 1)).toBeUndefined();
      expect(policy.onKeyProblem(on('production'), ON, T0 + 2)?.title).toBe(
        'production: ImageKit refused the key',
      );
      // Staging's key was fixed, production's not: only staging's next problem is new.
      policy.onStatus({
        pausedFor: [],
        authProblems: [on('production')],
      });
      expect(policy.onKeyProblem(on('production'), ON, T0 + 3)).toBeUndefined();
      const missing = {
        kind: 'auth' as const,
        auth: 'key_missing' as const,
        message: 'No private API key is set.',
      };
      expect(policy.onKeyProblem({ ...missing, account: 'staging' }, ON, T0 + 4)?.title).toBe(
        'staging: private key needed',
      );
    });

    it('with one account, a key problem says nothing of accounts', () => {
      const policy = new NotificationPolicy();
      policy.onAccounts({ accounts: [TWO.accounts[0]!] });
      expect(policy.onKeyProblem(on('production'), ON, T0)?.title).toBe('Private key refused');
    });

    it('completions and not-found name the account of each purge', () => {
      const policy = new NotificationPolicy();
      policy.onAccounts(TWO);
      policy.onSettled(
        { ...completed(1, 72_000, 'https://cdn.example.com/a.jpg'), account: 'staging' },
        T0,
      );
      expect(policy.flush(T0 + GROUP_QUIET_MS, ON)).toEqual([
        expect.objectContaining({
          title: 'Purge completed',
          body: 'https://cdn.example.com/a.jpg (staging)\nTook 1m 12s',
        }),
      ]);
      policy.onSettled({ ...completed(2, 1_000), account: 'staging' }, T0);
      policy.onSettled({ ...completed(3, 1_000), account: 'production' }, T0);
      expect(policy.flush(T0 + GROUP_QUIET_MS, ON)[0]?.body).toBe(
        `${id(2)} (staging)\n${id(3)} (production)`,
      );
      const lookedUp = {
        ...failed(4, 'not_found'),
        account: 'production',
        lastError: {
          kind: 'not_found' as const,
          message:
            'No request found for this requestId in any of your accounts (production, staging).',
          at: T0,
        },
      };
      policy.onSettled(lookedUp, T0);
      expect(policy.flush(T0 + GROUP_QUIET_MS, ON)[0]?.body).toBe(
        `${id(4)} (production)\nNo request found for this requestId in any of your accounts (production, staging).`,
      );
    });

    it('with one account, a completion says nothing of accounts', () => {
      const policy = new NotificationPolicy();
      policy.onAccounts({ accounts: [TWO.accounts[0]!] });
      policy.onSettled({ ...completed(1, 72_000), account: 'production' }, T0);
      expect(policy.flush(T0 + GROUP_QUIET_MS, ON)[0]?.body).toBe(`${id(1)}\nTook 1m 12s`);
    });
  });

  it('respects notifications off and the snooze: nothing is shown, nothing is saved for later', () => {
    const off = { ...ON, notifications: false };
    const snoozed = { ...ON, snoozedUntil: T0 + 60 * 60_000 };
    for (const settings of [off, snoozed]) {
      const policy = new NotificationPolicy();
      policy.onSettled(completed(1, 1_000), T0);
      policy.onSettled(failed(2, 'not_found'), T0);
      expect(policy.flush(T0 + GROUP_QUIET_MS, settings)).toEqual([]);
      expect(policy.dueAt).toBeUndefined();
      expect(policy.onKeyProblem(REFUSED, settings, T0)).toBeUndefined();
      // Still once per episode: the snoozed key problem is not told when the snooze ends.
      expect(policy.onKeyProblem(REFUSED, ON, T0 + 2 * 60 * 60_000)).toBeUndefined();
    }
  });

  it('a snooze ends on time', () => {
    const settings = { ...ON, snoozedUntil: T0 + 1_000 };
    expect(isMuted(settings, T0 + 999)).toBe(true);
    expect(isMuted(settings, T0 + 1_000)).toBe(false);
  });

  it('tells an unreadable store file where the old one was kept', () => {
    expect(storeRecoveredNotice('purges', { movedTo: '/u/purges.json.corrupt-x' })).toMatchObject({
      kind: 'store-recovered',
      title: 'Tracked purges could not be read',
      body: expect.stringContaining('/u/purges.json.corrupt-x'),
    });
    // The files the app shares with purge-watch commands, moved aside at a write: each says what
    // starts again.
    expect(storeRecoveredNotice('durations', { movedTo: '/u/durations.json.corrupt-x' })).toEqual({
      kind: 'store-recovered',
      title: 'Purge durations could not be read',
      body: 'Purge Watch started a new history of how long purges take. The unreadable file was kept as /u/durations.json.corrupt-x.',
      target: {},
    });
    expect(storeRecoveredNotice('account-names', { movedTo: '/u/n.corrupt-x' }).body).toBe(
      'Purge Watch reads the account names from the keychain again. The unreadable file was kept as /u/n.corrupt-x.',
    );
  });
});
