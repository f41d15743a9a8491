import { describe, expect, it } from 'vitest';
import { Tracker } from '../../src/core/tracking/tracker';
import type { PurgeRequest, PurgesChanged, TrackerStatus } from '../../src/shared/purge';
import type { ConfLikeStore } from '../../src/core/storage/purge-store';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

const S = 1000;
const MIN = 60 * S;

class MemoryConf implements ConfLikeStore {
  readonly path = '/virtual/purges.json';
  data: PurgeRequest[] | undefined;
  writes = 0;
  failing = false;
  get(): unknown {
    return this.data === undefined ? undefined : structuredClone(this.data);
  }
  set(_key: 'purges', value: PurgeRequest[]): void {
    if (this.failing)
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    this.data = structuredClone(value);
    this.writes++;
  }
}

function setup(options: { store?: MemoryConf } = {}) {
  const clock = new VirtualClock();
  const api = new SimulatedImageKit(clock);
  const store = options.store ?? new MemoryConf();
  const tracker = new Tracker({
    accounts: [{ name: 'default', api }],
    clock,
    store,
    random: () => 0.5,
  });
  const events = {
    completed: [] as PurgeRequest[],
    failed: [] as PurgeRequest[],
    auth: [] as string[],
    changed: [] as PurgesChanged[],
    status: [] as TrackerStatus[],
  };
  tracker.on('completed', (p) => events.completed.push(p));
  tracker.on('failed', (p) => events.failed.push(p));
  tracker.on('auth-required', (e) => events.auth.push(e.message));
  tracker.on('changed', (c) => events.changed.push(c));
  tracker.on('status', (s) => events.status.push(s));
  tracker.start();
  return { clock, api, store, tracker, events };
}

describe('Tracker', () => {
  it('tracks a pasted ID to completion and says how long the purge took', async () => {
    const { clock, api, tracker, events } = setup();
    const id = requestIdAt(clock.now(), 1);
    api.addPurge(id, clock.now() + 42 * S);
    const result = await tracker.add(`{"requestId": "${id}"}`);
    expect(result).toEqual({ added: [id], alreadyTracked: [], rejected: [], persisted: true });
    expect(tracker.get(id)?.state).toBe('pending');

    await clock.advance(60 * S);
    expect(events.completed.map((p) => p.requestId)).toEqual([id]);
    const purge = tracker.get(id)!;
    expect(purge.state).toBe('completed');
    expect(purge.status).toBe('Completed');
    // Detected within max(5 s, 10% of 42 s) of completion.
    expect(purge.completedAt! - purge.submittedAt).toBeGreaterThanOrEqual(42 * S);
    expect(purge.completedAt! - purge.submittedAt).toBeLessThanOrEqual(47 * S);
    expect(purge.checks).toBe(api.callsFor(id).length);
  });

  it('meets the detection goal when answers take time: the gap runs from when a check was sent', async () => {
    // Each answer takes 400 ms, and the server looks when it answers: a purge completing just
    // after one look is seen at the next answer. Counting the gap from the answer, a purge of
    // under 50 s was found 5.4 s after completing; its goal is 5 s.
    const late: string[] = [];
    for (let takesMs = 6 * S; takesMs <= 70 * S; takesMs += 450) {
      const { clock, api, tracker } = setup();
      api.latencyMs = 400;
      const id = requestIdAt(clock.now(), 7);
      await tracker.add(id);
      const { submittedAt } = tracker.get(id)!;
      api.addPurge(id, submittedAt + takesMs);
      await clock.advanceUntil(() => tracker.get(id)?.state === 'completed', 5 * MIN);
      const foundAfterMs = tracker.get(id)!.completedAt! - (submittedAt + takesMs);
      if (foundAfterMs > Math.max(5 * S, takesMs / 10)) late.push(`${takesMs} ms: ${foundAfterMs}`);
      tracker.close();
    }
    expect(late).toEqual([]);
  });

  it('dates an ID pasted late from the time inside it, and checks it at once', async () => {
    const { clock, api, tracker } = setup();
    const submittedAt = clock.now() - 8 * MIN;
    const id = requestIdAt(submittedAt, 2);
    api.addPurge(id, submittedAt + 9 * MIN);
    await tracker.add(id);
    expect(tracker.get(id)?.submittedAt).toBe(Math.floor(submittedAt / 1000) * 1000);
    await clock.advance(100);
    expect(api.callsFor(id)).toHaveLength(1);
    // At 8 min of age the next check is about 48 s later, not 5 s.
    await clock.advance(30 * S);
    expect(api.callsFor(id)).toHaveLength(1);
  });

  it('uses the time it was added for an ID whose embedded time is implausible', async () => {
    const { clock, tracker } = setup();
    const future = requestIdAt(clock.now() + 3_600_000, 3);
    const ancient = requestIdAt(Date.UTC(2017, 0, 1), 4);
    await tracker.add([future, ancient]);
    expect(tracker.get(future)?.submittedAt).toBe(clock.now());
    expect(tracker.get(ancient)?.submittedAt).toBe(clock.now());
  });

  it('reports duplicates, already tracked IDs and rejected input without losing anything', async () => {
    const { clock, tracker } = setup();
    const a = requestIdAt(clock.now(), 5);
    const b = requestIdAt(clock.now(), 6);
    await tracker.add(a);
    const result = await tracker.add(`${a}, ${b.toUpperCase()}, ${b}, 12345`);
    expect(result.added).toEqual([b]);
    expect(result.alreadyTracked).toEqual([a]);
    expect(result.rejected.map((r) => r.text)).toEqual(['12345']);
    expect(
      tracker
        .list()
        .map((p) => p.requestId)
        .sort(),
    ).toEqual([a, b].sort());
  });

  it('writes an added ID before add resolves', async () => {
    const { clock, store, tracker } = setup();
    const id = requestIdAt(clock.now(), 7);
    await tracker.add(id);
    expect(store.data?.map((p) => p.requestId)).toEqual([id]);
  });

  it('coalesces the writes caused by polling', async () => {
    const { clock, api, store, tracker } = setup();
    const ids = Array.from({ length: 20 }, (_, i) => requestIdAt(clock.now(), 100 + i));
    for (const id of ids) api.addPurge(id, clock.now() + 30 * MIN);
    await tracker.add(ids);
    const writesAfterAdd = store.writes;
    await clock.advance(10 * MIN);
    const checks = api.calls.length;
    expect(checks).toBeGreaterThan(100);
    // At most one write per 5 s of polling, far fewer than one per check.
    expect(store.writes - writesAfterAdd).toBeLessThanOrEqual((10 * MIN) / (5 * S) + 1);
    expect(store.writes - writesAfterAdd).toBeLessThan(checks / 4);
    expect(store.data?.every((p) => p.checks > 0)).toBe(true);
  });

  it('stops polling an ID ImageKit does not know, and says so once', async () => {
    const { clock, api, tracker, events } = setup();
    const id = requestIdAt(clock.now(), 8);
    await tracker.add(id);
    await clock.advance(60 * S);
    expect(tracker.get(id)).toMatchObject({
      state: 'not_found',
      lastError: { kind: 'not_found', message: 'No request found for this requestId.' },
    });
    expect(events.failed).toHaveLength(1);
    expect(api.callsFor(id)).toHaveLength(1);
    expect(tracker.isIdle).toBe(true);
  });

  it('keeps polling through transient errors, backing off, and clears the error once answered', async () => {
    const { clock, api, tracker } = setup();
    const id = requestIdAt(clock.now(), 9);
    api.addPurge(id, clock.now() + 10 * MIN);
    for (let i = 0; i < 4; i++)
      api.failNext({ kind: 'transient', message: 'ImageKit answered HTTP 503.' });
    await tracker.add(id);
    await clock.advance(20 * S);
    expect(tracker.get(id)).toMatchObject({ state: 'pending', lastError: { kind: 'transient' } });
    expect(tracker.get(id)?.checks).toBe(api.callsFor(id).length); // failed checks count too
    const times = api.callsFor(id).map((c) => c.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!); // backing off
    await clock.advance(3 * MIN);
    expect(tracker.get(id)?.lastError).toBeUndefined();
    await clock.advance(10 * MIN);
    expect(tracker.get(id)?.state).toBe('completed');
  });

  it('pauses all polling on an authentication failure, once, until the key changes', async () => {
    const { clock, api, tracker, events } = setup();
    api.latencyMs = 1_000; // two checks in flight when the key is rejected
    const ids = [10, 11, 12].map((n) => requestIdAt(clock.now(), n));
    for (const id of ids) api.addPurge(id, clock.now() + 2 * MIN);
    await tracker.add(ids);
    api.failNext({
      kind: 'auth',
      message: 'Your account cannot be authenticated.',
      httpStatus: 403,
    });
    api.failNext({
      kind: 'auth',
      message: 'Your account cannot be authenticated.',
      httpStatus: 403,
    });
    await clock.advance(10 * S);
    expect(events.auth).toEqual(['Your account cannot be authenticated.']);
    expect(tracker.status().authProblems?.[0]?.message).toBe(
      'Your account cannot be authenticated.',
    );
    const callsWhileRejected = api.calls.length;
    await clock.advance(10 * MIN);
    expect(api.calls.length).toBe(callsWhileRejected);
    expect(tracker.isIdle).toBe(false); // purges wait, but no timer runs
    expect(clock.pendingTimers).toBe(0);

    tracker.keyChanged('default');
    expect(tracker.status().authProblems).toBeUndefined();
    await clock.advance(10 * S);
    expect(events.completed.map((p) => p.requestId).sort()).toEqual([...ids].sort());
  });

  it('honours a rate limit: no request before the reset has passed', async () => {
    const { clock, api, tracker } = setup();
    const ids = [20, 21].map((n) => requestIdAt(clock.now(), n));
    for (const id of ids) api.addPurge(id, clock.now() + 10 * MIN);
    await tracker.add(ids);
    api.failNext({
      kind: 'rate_limited',
      message: 'Too many requests',
      httpStatus: 429,
      resetMs: 40_000,
    });
    await clock.advance(5 * S + 1);
    const limitedAt = api.calls[0]!.at;
    expect(tracker.status().rateLimits).toEqual([
      { account: 'default', until: limitedAt + 40_000 },
    ]);
    await clock.advance(60 * S);
    const later = api.calls.slice(1);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((c) => c.at >= limitedAt + 40_000 || c.at === limitedAt)).toBe(true);
  });

  it('ignores an implausible advertised rate limit, says so once in its status, and keeps polling', async () => {
    const clock = new VirtualClock();
    const api = new SimulatedImageKit(clock);
    const hostile = {
      getPurgeStatus: async (requestId: string) => ({
        ...(await api.getPurgeStatus(requestId)),
        rateLimit: { limit: 1, intervalMs: 1e10 },
      }),
      submitPurge: (url: string) => api.submitPurge(url),
    };
    const tracker = new Tracker({ accounts: [{ name: 'default', api: hostile }], clock });
    const statuses: TrackerStatus[] = [];
    tracker.on('status', (status) => statuses.push(status));
    tracker.start();
    const ids = [40, 41, 42].map((n) => requestIdAt(clock.now(), n));
    for (const id of ids) api.addPurge(id, clock.now() + 20 * S);
    await tracker.add(ids);
    await clock.advance(30 * S);
    // Obeyed, the third check would have waited 10^10 ms; all three are found completed.
    expect(ids.map((id) => tracker.get(id)?.state)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    const said = statuses.filter((status) => status.ignoredRateLimits !== undefined);
    expect(said).toHaveLength(1);
    expect(tracker.status().ignoredRateLimits).toEqual([
      {
        account: 'default',
        message: expect.stringMatching(/one request every 115d 17h/) as string,
      },
    ]);
    tracker.close();
  });

  it('gives up a purge still pending after the deadline, and resumes it on request', async () => {
    const clock = new VirtualClock();
    const api = new SimulatedImageKit(clock);
    const tracker = new Tracker({
      accounts: [{ name: 'default', api }],
      clock,
      schedule: { giveUpAfterMs: 30 * MIN },
    });
    const failed: PurgeRequest[] = [];
    tracker.on('failed', (p) => failed.push(p));
    const id = requestIdAt(clock.now(), 30);
    api.addPurge(id, Infinity);
    await tracker.add(id);
    await clock.advance(31 * MIN);
    expect(tracker.get(id)?.state).toBe('given_up');
    expect(failed.map((p) => p.state)).toEqual(['given_up']);
    expect(tracker.isIdle).toBe(true);

    api.addPurge(id, clock.now() + 5 * MIN);
    expect(tracker.resumeGivenUp(id)).toBe(true);
    await clock.advance(15 * MIN);
    expect(tracker.get(id)?.state).toBe('completed');
  });

  it('pauses for sleep and resumes; checkNow checks at once', async () => {
    const { clock, api, tracker, events } = setup();
    const id = requestIdAt(clock.now() - 20 * MIN, 40);
    api.addPurge(id, clock.now() + 1 * MIN);
    await tracker.add(id);
    await clock.advance(1 * S);
    tracker.pause('sleep');
    expect(events.status.at(-1)?.pausedFor).toEqual(['sleep']);
    const calls = api.calls.length;
    await clock.advance(10 * MIN);
    expect(api.calls.length).toBe(calls);
    tracker.resume('sleep');
    tracker.checkNow();
    await clock.advance(1 * S);
    expect(tracker.get(id)?.state).toBe('completed');
  });

  it('removes purges and clears completed ones, writing at once', async () => {
    const { clock, api, store, tracker, events } = setup();
    const [a, b, c] = [50, 51, 52].map((n) => requestIdAt(clock.now(), n));
    api.addPurge(a!, clock.now());
    api.addPurge(b!, clock.now() + 60 * MIN);
    api.addPurge(c!, clock.now() + 60 * MIN);
    await tracker.add([a!, b!, c!]);
    await clock.advance(6 * S);
    tracker.remove([b!]);
    expect(store.data?.map((p) => p.requestId).sort()).toEqual([a, c].sort());
    tracker.clearCompleted();
    expect(tracker.list().map((p) => p.requestId)).toEqual([c]);
    await clock.advance(0);
    expect(events.changed.at(-1)?.removed.sort()).toEqual([a, b].sort());
  });

  it('restores tracked purges from the store and polls the pending ones', async () => {
    const first = setup();
    const id = requestIdAt(first.clock.now(), 60);
    const done = requestIdAt(first.clock.now(), 61);
    first.api.addPurge(done, first.clock.now());
    first.api.addPurge(id, Infinity);
    await first.tracker.add([id, done]);
    await first.clock.advance(6 * S);
    first.tracker.close();

    const second = setup({ store: first.store });
    expect(
      second.tracker
        .list()
        .map((p) => [p.requestId, p.state])
        .sort(),
    ).toEqual(
      [
        [id, 'pending'],
        [done, 'completed'],
      ].sort(),
    );
    second.api.addPurge(id, second.clock.now());
    await second.clock.advance(1 * S);
    expect(second.tracker.get(id)?.state).toBe('completed');
    expect(second.api.callsFor(done)).toHaveLength(0);
  });

  it('keeps tracking in memory when the store cannot be written, and says so', async () => {
    const store = new MemoryConf();
    store.failing = true;
    const { clock, tracker, events } = setup({ store });
    const id = requestIdAt(clock.now(), 70);
    const result = await tracker.add(id);
    expect(result.persisted).toBe(false);
    expect(tracker.get(id)?.state).toBe('pending');
    expect(tracker.status().storageProblem).toMatch(/Could not save tracked purges.*EACCES/);
    store.failing = false;
    await clock.advance(6 * S);
    expect(store.data?.map((p) => p.requestId)).toEqual([id]);
    expect(events.status.at(-1)?.storageProblem).toBeUndefined();
  });

  it('leaves no retry timer behind when closed while the store cannot be written', async () => {
    const store = new MemoryConf();
    store.failing = true;
    const { clock, tracker } = setup({ store });
    await tracker.add(requestIdAt(clock.now(), 71));
    tracker.remove([requestIdAt(clock.now(), 71)]);
    expect(tracker.status().storageProblem).toBeDefined();
    tracker.close();
    // Nothing pending and nothing to retry: a CLI or an app quitting can exit.
    expect(clock.pendingTimers).toBe(0);
  });

  it('tracks up to its ceiling and says why it refuses the rest', async () => {
    const clock = new VirtualClock();
    const tracker = new Tracker({
      accounts: [{ name: 'default', api: new SimulatedImageKit(clock) }],
      clock,
      maxTracked: 3,
    });
    tracker.start();
    const ids = Array.from({ length: 5 }, (_, i) => requestIdAt(clock.now(), 80 + i));
    const result = await tracker.add(ids);
    expect(result.added).toEqual(ids.slice(0, 3));
    expect(result.rejected).toEqual([
      {
        text: '2 request IDs',
        reason: expect.stringMatching(/tracks at most 3 purges at once; remove finished ones/),
      },
    ]);
    tracker.remove([ids[0]!]);
    expect((await tracker.add(ids[3]!)).added).toEqual([ids[3]]);
  });

  it('prunes finished purges after the period kept, at start and as purges settle', async () => {
    const DAY = 24 * 60 * MIN;
    const store = new MemoryConf();
    const first = setup({ store });
    const old = requestIdAt(first.clock.now(), 90);
    const pending = requestIdAt(first.clock.now(), 91);
    first.api.addPurge(old, first.clock.now());
    first.api.addPurge(pending, first.clock.now() + 365 * DAY);
    await first.tracker.add([old, pending]);
    await first.clock.advance(10 * S);
    expect(first.tracker.get(old)?.state).toBe('completed');
    first.tracker.close();

    // 31 days later: the completed purge is pruned, the pending one kept.
    const clock = new VirtualClock(first.clock.now() + 31 * DAY);
    const later = new Tracker({
      accounts: [{ name: 'default', api: new SimulatedImageKit(clock) }],
      clock,
      store,
    });
    later.start();
    expect(later.list().map((p) => p.requestId)).toEqual([pending]);
    expect(store.data?.map((p) => p.requestId)).toEqual([pending]);

    // A shorter period set by the user applies at once.
    const settled = requestIdAt(clock.now(), 92);
    await later.add(settled);
    later.remove([pending]);
    const shorter = new Tracker({
      accounts: [{ name: 'default', api: new SimulatedImageKit(clock) }],
      clock,
      store,
      keepFinishedMs: DAY,
    });
    shorter.start();
    expect(shorter.list()).toHaveLength(1);
    shorter.setKeepFinished(0);
    expect(shorter.list()).toHaveLength(1); // still pending: never pruned
  });

  /** Submits two URLs, the first one answered by a 429 asking to wait `resetMs`. */
  function submitTwoAfter429(resetMs: number) {
    const context = setup();
    context.api.failSubmitNext({
      kind: 'rate_limited',
      message: 'Too many requests',
      httpStatus: 429,
      resetMs,
    });
    const submitting = context.tracker.submit(
      ['https://ik.imagekit.io/demo/a.jpg', 'https://ik.imagekit.io/demo/b.jpg'],
      'default',
    );
    return { ...context, submitting };
  }

  it('waits out a rate limit while submitting purges instead of dropping the URL', async () => {
    const { clock, api, tracker, submitting } = submitTwoAfter429(3_000);
    await clock.advance(2_000);
    expect(api.submissions).toHaveLength(1);
    await clock.advance(2_000);
    const results = await submitting;
    expect(api.submissions.map((s) => s.at - api.submissions[0]!.at)).toEqual([0, 3_000, 3_000]);
    expect(results.map((r) => r.requestId !== undefined)).toEqual([true, true]);
    expect(tracker.list()).toHaveLength(2);
  });

  it('ends a wait for a rate limit when closed, sending nothing more', async () => {
    const { clock, api, tracker, submitting } = submitTwoAfter429(60 * MIN);
    await clock.advance(1 * S);
    tracker.close();
    const results = await submitting;
    expect(results.map((r) => r.error?.kind)).toEqual(['rate_limited']);
    expect(api.submissions).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('submits purges and tracks each accepted request with its URL', async () => {
    const { tracker } = setup();
    const results = await tracker.submit(['https://ik.imagekit.io/demo/a.jpg'], 'default');
    expect(results[0]?.requestId).toMatch(/^[0-9a-f]{24}$/);
    expect(tracker.get(results[0]!.requestId!)?.url).toBe('https://ik.imagekit.io/demo/a.jpg');
  });

  it('isolates a listener that throws', async () => {
    const { clock, api, tracker, events } = setup();
    tracker.on('completed', () => {
      throw new Error('UI bug');
    });
    const id = requestIdAt(clock.now(), 80);
    api.addPurge(id, clock.now());
    await tracker.add(id);
    await clock.advance(10 * S);
    expect(events.completed).toHaveLength(1);
  });
  it('reports a check that throws, and checks that purge again later instead of dropping it', async () => {
    const clock = new VirtualClock();
    const api = new SimulatedImageKit(clock);
    const errors: unknown[] = [];
    const tracker = new Tracker({
      accounts: [{ name: 'default', api }],
      clock,
      onError: (error) => errors.push(error),
    });
    tracker.start();
    const id = requestIdAt(clock.now(), 95);
    api.addPurge(id, clock.now() + 20 * S);
    const answer = api.getPurgeStatus.bind(api);
    const bug = new Error('a port that throws');
    let calls = 0;
    api.getPurgeStatus = (requestId) => (++calls === 1 ? Promise.reject(bug) : answer(requestId));
    await tracker.add(id);
    await clock.advance(2 * MIN);
    expect(errors).toEqual([bug]);
    expect(tracker.get(id)?.state).toBe('completed');
  });

  describe('the first check learns from recent purges', () => {
    /** Tracks `count` purges that take `takesMs`, one after the other, until each completes. */
    async function trackInTurn(context: ReturnType<typeof setup>, count: number, takesMs: number) {
      const { clock, api, tracker } = context;
      const ids: string[] = [];
      for (let n = 0; n < count; n++) {
        const id = requestIdAt(clock.now(), 400 + ids.length + Math.floor(clock.now() / 1000));
        api.addPurge(id, clock.now() + takesMs);
        await tracker.add(id);
        await clock.advanceUntil(() => tracker.get(id)?.state === 'completed', 30 * MIN);
        ids.push(id);
      }
      return ids;
    }

    it('checks first just before recent purges completed, not after 5 s', async () => {
      const context = setup();
      await trackInTurn(context, 5, 2 * MIN);
      const [id] = await trackInTurn(context, 1, 2 * MIN);
      const calls = context.api.callsFor(id!);
      const firstAge = calls[0]!.at - context.tracker.get(id!)!.submittedAt;
      expect(firstAge).toBeGreaterThan(100 * S);
      expect(firstAge).toBeLessThan(2 * MIN);
      expect(calls.length).toBeLessThanOrEqual(3);
    });

    it('comes forward fast when purges get quicker', async () => {
      const context = setup();
      await trackInTurn(context, 5, 10 * MIN);
      const quick = await trackInTurn(context, 12, 10 * S);
      const lateness = quick.map((id) => {
        const purge = context.tracker.get(id)!;
        return purge.completedAt! - (purge.submittedAt + 10 * S);
      });
      expect(lateness[0]!).toBeGreaterThan(5 * MIN); // the first quick one is found late…
      expect(lateness.slice(-4).every((late) => late <= 5 * S)).toBe(true); // …then on time
    });

    it('is not misled by detections delayed by a pause (or a saturated budget)', async () => {
      const context = setup();
      const { clock, api, tracker } = context;
      const delayed = [1, 2, 3, 4, 5].map((n) => requestIdAt(clock.now(), 900 + n));
      for (const id of delayed) api.addPurge(id, clock.now() + 90 * S);
      await tracker.add(delayed);
      await clock.advance(60 * S); // seen Pending…
      tracker.pause('sleep');
      await clock.advance(2 * 60 * MIN); // …then asleep for two hours while they complete
      tracker.resume('sleep');
      await clock.advance(10 * S);
      expect(delayed.every((id) => tracker.get(id)?.state === 'completed')).toBe(true);
      const [next] = await trackInTurn(context, 1, 90 * S);
      const purge = tracker.get(next!)!;
      expect(purge.completedAt! - purge.submittedAt).toBeLessThanOrEqual(90 * S + 9 * S);
    });

    it('does not learn from IDs pasted long after their submission', async () => {
      const context = setup();
      const { clock, api, tracker } = context;
      const old = [1, 2, 3, 4, 5].map((n) => requestIdAt(clock.now() - 2 * 60 * MIN, 950 + n));
      for (const id of old) api.addPurge(id, clock.now()); // done long ago
      await tracker.add(old);
      await clock.advance(10 * S);
      expect(old.every((id) => tracker.get(id)?.state === 'completed')).toBe(true);
      const [next] = await trackInTurn(context, 1, 60 * S);
      const purge = tracker.get(next!)!;
      expect(purge.completedAt! - purge.submittedAt).toBeLessThanOrEqual(66 * S);
    });
  });
});
