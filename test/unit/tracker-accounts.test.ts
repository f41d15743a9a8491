// Several ImageKit accounts in one tracker: the owning account is looked up, and each account
// has its own budget, 429 hold and key hold (ImageKit limits and authenticates per account).
import { describe, expect, it } from 'vitest';
import { Tracker } from '../../src/core/tracking/tracker';
import type { PurgeRequest, TrackerStatus } from '../../src/shared/purge';
import type { ConfLikeStore } from '../../src/core/storage/purge-store';
import type { PurgeStatusApi } from '../../src/core/imagekit/imagekit-client';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

const S = 1000;
const MIN = 60 * S;
const REFUSED = {
  kind: 'auth' as const,
  message: 'Your account cannot be authenticated.',
  httpStatus: 403,
};

class MemoryConf implements ConfLikeStore {
  readonly path = '/virtual/purges.json';
  constructor(public data?: unknown[]) {}
  get(): unknown {
    return this.data === undefined ? undefined : structuredClone(this.data);
  }
  set(_key: 'purges', value: PurgeRequest[]): void {
    this.data = structuredClone(value);
  }
}

function setup(store = new MemoryConf()) {
  const clock = new VirtualClock();
  const production = new SimulatedImageKit(clock, { limit: 10, intervalMs: S });
  const staging = new SimulatedImageKit(clock, { limit: 10, intervalMs: S });
  const tracker = new Tracker({
    accounts: [
      { name: 'production', api: production },
      { name: 'staging', api: staging },
    ],
    clock,
    store,
    random: () => 0.5,
  });
  const auth: string[] = [];
  const statuses: TrackerStatus[] = [];
  const completed: PurgeRequest[] = [];
  const failed: PurgeRequest[] = [];
  tracker.on('auth-required', (error) => auth.push(`${error.account}: ${error.message}`));
  tracker.on('status', (status) => statuses.push(status));
  tracker.on('completed', (purge) => completed.push(purge));
  tracker.on('failed', (purge) => failed.push(purge));
  tracker.start();
  return { clock, production, staging, tracker, store, auth, statuses, completed, failed };
}

describe('a tracker with several accounts', () => {
  it('tracks an ID known only to the second account under it, spending one "not found" on the first', async () => {
    const { clock, production, staging, tracker, completed } = setup();
    const id = requestIdAt(clock.now(), 1);
    staging.addPurge(id, clock.now() + 40 * S);
    await tracker.add(id);
    expect(tracker.get(id)).toMatchObject({ account: 'production', accountLookup: true });

    await clock.advance(2 * MIN);
    expect(production.callsFor(id)).toHaveLength(1);
    expect(completed.map((p) => [p.requestId, p.account])).toEqual([[id, 'staging']]);
    expect(tracker.get(id)).toMatchObject({ state: 'completed', account: 'staging' });
    expect(tracker.get(id)?.accountLookup).toBeUndefined();
  });

  it('says "not found" only when no account knows the ID, naming the accounts it asked', async () => {
    const { clock, production, staging, tracker, failed } = setup();
    const id = requestIdAt(clock.now(), 2);
    await tracker.add(id);
    await clock.advance(MIN);
    expect(production.callsFor(id)).toHaveLength(1);
    expect(staging.callsFor(id)).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(tracker.get(id)?.state).toBe('not_found');
    expect(tracker.get(id)?.lastError?.message).toMatch(
      /any of your accounts \(production, staging\)/,
    );
  });

  it('asks only the account named when one is given', async () => {
    const { clock, production, tracker, failed } = setup();
    const id = requestIdAt(clock.now(), 3);
    production.addPurge(id, clock.now() + 10 * S);
    await tracker.add(id, { account: 'staging' });
    await clock.advance(MIN);
    expect(production.callsFor(id)).toHaveLength(0);
    expect(failed.map((p) => p.account)).toEqual(['staging']);
  });

  it('refuses an account that does not exist, tracking nothing', async () => {
    const { clock, tracker } = setup();
    const result = await tracker.add(requestIdAt(clock.now(), 4), { account: 'client-z' });
    expect(result.added).toEqual([]);
    expect(result.rejected).toEqual([
      { text: 'client-z', reason: 'No account is named "client-z".' },
    ]);
    expect(tracker.list()).toEqual([]);
  });

  it("an ID looking for its account is not held by the default account's refused key", async () => {
    const { clock, production, staging, tracker, auth } = setup();
    const id = requestIdAt(clock.now(), 13);
    staging.addPurge(id, clock.now() + 20 * S);
    production.failNext(REFUSED);
    await tracker.add(id);
    await clock.advance(MIN);
    expect(tracker.get(id)).toMatchObject({ state: 'completed', account: 'staging' });
    expect(auth).toEqual(['production: Your account cannot be authenticated.']);
  });

  it('an ID no answering account knows waits for the account whose key was refused', async () => {
    const { clock, production, staging, tracker, failed } = setup();
    const id = requestIdAt(clock.now(), 14);
    production.failNext(REFUSED);
    await tracker.add(id);
    await clock.advance(MIN);
    expect(staging.callsFor(id)).toHaveLength(1);
    expect(failed).toEqual([]);
    expect(tracker.get(id)).toMatchObject({
      state: 'pending',
      account: 'production',
      accountLookup: true,
    });

    // The key is replaced, and production knows the ID after all.
    production.addPurge(id, clock.now());
    tracker.keyChanged('production');
    await clock.advance(MIN);
    expect(tracker.get(id)).toMatchObject({ state: 'completed', account: 'production' });
  });

  it('every ID still looking for its account goes on when that account is refused, not only the one checked', async () => {
    const { clock, production, staging, tracker, auth } = setup();
    const ids = [requestIdAt(clock.now(), 15), requestIdAt(clock.now(), 16)];
    for (const id of ids) staging.addPurge(id, clock.now());
    // Production answers one check, refusing the key; the other ID waits in its queue.
    production.failNext(REFUSED);
    await tracker.add(ids);
    await clock.advance(MIN);
    expect(production.calls).toHaveLength(1);
    for (const id of ids)
      expect(tracker.get(id)).toMatchObject({ state: 'completed', account: 'staging' });
    expect(auth).toEqual(['production: Your account cannot be authenticated.']);
  });

  it('an ID pasted while the default account holds for its key is asked of the next account first', async () => {
    const { clock, production, staging, tracker } = setup();
    const first = requestIdAt(clock.now(), 17);
    production.failNext(REFUSED);
    await tracker.add(first, { account: 'production' });
    await clock.advance(MIN);
    const later = requestIdAt(clock.now(), 18);
    staging.addPurge(later, clock.now());
    await tracker.add(later);
    expect(tracker.get(later)).toMatchObject({ account: 'staging', accountLookup: true });
    await clock.advance(MIN);
    expect(tracker.get(later)).toMatchObject({ state: 'completed', account: 'staging' });
    expect(production.callsFor(later)).toHaveLength(0);
  });

  it('what a renamed account learns about its purges is kept under its new name', async () => {
    const { clock, staging, tracker } = setup();
    tracker.renameAccount('staging', 'client-a');
    const id = requestIdAt(clock.now(), 19);
    staging.addPurge(id, clock.now() + 30 * S);
    await tracker.add(id, { account: 'client-a' });
    await clock.advance(5 * MIN);
    expect(tracker.get(id)?.state).toBe('completed');
    expect(tracker.history.completionsOf('client-a')).toHaveLength(1);
    expect(tracker.history.completionsOf('staging')).toHaveLength(0);
  });

  it('a 429 on one account holds only that account', async () => {
    const { clock, production, staging, tracker } = setup();
    const onProduction = requestIdAt(clock.now(), 5);
    const onStaging = requestIdAt(clock.now(), 6);
    production.addPurge(onProduction, Infinity);
    staging.addPurge(onStaging, clock.now() + 30 * S);
    production.failNext({
      kind: 'rate_limited',
      message: 'Too many requests',
      httpStatus: 429,
      resetMs: 10 * MIN,
    });
    await tracker.add(onProduction, { account: 'production' });
    await tracker.add(onStaging, { account: 'staging' });
    await clock.advance(2 * MIN);
    const status = tracker.status();
    expect(status.rateLimits?.map((hold) => hold.account)).toEqual(['production']);
    expect(tracker.get(onStaging)?.state).toBe('completed');
    expect(production.callsFor(onProduction)).toHaveLength(1);
  });

  it("a refused key holds only its account's purges, and the problem names the account", async () => {
    const { clock, production, staging, tracker, auth } = setup();
    const onProduction = requestIdAt(clock.now(), 7);
    const onStaging = requestIdAt(clock.now(), 8);
    production.addPurge(onProduction, clock.now() + 30 * S);
    staging.addPurge(onStaging, clock.now() + 30 * S);
    staging.failNext(REFUSED);
    await tracker.add(onProduction, { account: 'production' });
    await tracker.add(onStaging, { account: 'staging' });
    await clock.advance(5 * MIN);
    expect(auth).toEqual(['staging: Your account cannot be authenticated.']);
    expect(tracker.status().authProblems?.map((problem) => problem.account)).toEqual(['staging']);
    expect(tracker.get(onProduction)?.state).toBe('completed');
    expect(tracker.get(onStaging)?.state).toBe('pending');
    expect(staging.callsFor(onStaging)).toHaveLength(1);

    tracker.keyChanged('staging');
    await clock.advance(MIN);
    expect(tracker.get(onStaging)?.state).toBe('completed');
    expect(tracker.status().authProblems).toBeUndefined();
  });

  it('purges URLs with the account asked, and tracks them as its own', async () => {
    const { clock, production, staging, tracker } = setup();
    const [result] = await tracker.submit(['https://ik.imagekit.io/demo/a.png'], 'staging');
    expect(staging.submissions).toHaveLength(1);
    expect(production.submissions).toHaveLength(0);
    expect(tracker.get(result!.requestId!)).toMatchObject({ account: 'staging' });
    expect(tracker.get(result!.requestId!)?.accountLookup).toBeUndefined();
    await clock.advance(MIN);
    expect(production.calls).toHaveLength(0);
  });

  it('assigns purges stored before accounts existed to the default account, and writes that at once', () => {
    const clock = new VirtualClock();
    const id = requestIdAt(clock.now(), 9);
    const store = new MemoryConf([
      {
        requestId: id,
        state: 'pending',
        status: '',
        submittedAt: clock.now(),
        addedAt: clock.now(),
        checks: 0,
      },
    ]);
    const tracker = new Tracker({
      accounts: [{ name: 'production', api: new SimulatedImageKit(clock) }],
      clock,
      store,
    });
    tracker.start();
    expect(tracker.get(id)?.account).toBe('production');
    expect((store.data as PurgeRequest[])[0]?.account).toBe('production');
    tracker.close();
  });

  it('renaming an account takes its purges along; removing one moves them or stops tracking them', async () => {
    const { clock, production, staging, tracker } = setup();
    const a = requestIdAt(clock.now(), 10);
    const b = requestIdAt(clock.now(), 11);
    staging.addPurge(a, Infinity);
    production.addPurge(a, clock.now() + 30 * S);
    await tracker.add(a, { account: 'staging' });
    await tracker.add(b, { account: 'staging' });
    tracker.renameAccount('staging', 'client-a');
    expect(tracker.accounts).toEqual(['production', 'client-a']);
    expect(tracker.get(a)?.account).toBe('client-a');

    tracker.moveAccountPurges('client-a', 'production');
    tracker.setAccounts([{ name: 'production', api: production }]);
    await clock.advance(MIN);
    expect(tracker.get(a)).toMatchObject({ account: 'production', state: 'completed' });
    tracker.moveAccountPurges('production');
    expect(tracker.list()).toEqual([]);
  });

  it('lifts a key hold when the key changes or the account comes back, not when the accounts are read again', async () => {
    const { clock, production, staging, tracker } = setup();
    const id = requestIdAt(clock.now(), 20);
    staging.addPurge(id, clock.now());
    staging.failNext(REFUSED);
    await tracker.add(id, { account: 'staging' });
    await clock.advance(MIN);
    // Read again, even with a client of its own: the refused key is the same key.
    const stagingAgain: PurgeStatusApi = {
      getPurgeStatus: (requestId) => staging.getPurgeStatus(requestId),
      submitPurge: (url) => staging.submitPurge(url),
    };
    tracker.setAccounts([
      { name: 'production', api: production },
      { name: 'staging', api: stagingAgain },
    ]);
    await clock.advance(MIN);
    expect(tracker.get(id)?.state).toBe('pending');
    // Gone (its key deleted elsewhere), then back: polled again.
    tracker.setAccounts([{ name: 'production', api: production }]);
    tracker.setAccounts([
      { name: 'production', api: production },
      { name: 'staging', api: stagingAgain },
    ]);
    await clock.advance(MIN);
    expect(tracker.get(id)?.state).toBe('completed');
  });

  it('holds the purges of an account that is gone, naming it, until they are moved', async () => {
    const { clock, production, staging, tracker } = setup();
    const id = requestIdAt(clock.now(), 12);
    staging.addPurge(id, clock.now() + 10 * S);
    await tracker.add(id, { account: 'staging' });
    tracker.setAccounts([{ name: 'production', api: production }]);
    await clock.advance(MIN);
    expect(tracker.get(id)?.state).toBe('pending');
    expect(tracker.status().authProblems?.[0]).toMatchObject({ account: 'staging' });
    expect(staging.callsFor(id)).toHaveLength(0);
  });
});
