import { describe, expect, it } from 'vitest';
import { PollScheduler, STARTS_PER_TURN } from '../../src/core/tracking/poll-scheduler';
import { VirtualClock, settle } from '../support/virtual-clock';
import { peakPerWindow } from '../support/request-rate';

/** `stillPending`: each check finds its purge pending and schedules the next one, as a tracker does. */
function setup(
  budget = { maxRequestsPerSecond: 2, maxConcurrent: 2 },
  latencyMs = 0,
  {
    clock = new VirtualClock(0),
    stillPending,
  }: { clock?: VirtualClock; stillPending?: (id: string) => void } = {},
) {
  const started: Array<{ id: string; at: number }> = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const scheduler = new PollScheduler({
    clock,
    budget,
    run: async (id) => {
      started.push({ id, at: clock.monotonic() }); // the same as now() unless the clock jumps
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      if (latencyMs > 0) await new Promise<void>((r) => clock.setTimeout(r, latencyMs));
      inFlight--;
      stillPending?.(id);
    },
    onCheckError: (_id, error) => {
      throw error; // none of these checks throws: surface it as an unhandled rejection
    },
  });
  return { clock, scheduler, started, peak: () => peakInFlight };
}

describe('PollScheduler', () => {
  it('runs each check when it is due, with one timer for all of them', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.schedule('b', 3_000);
    scheduler.schedule('a', 1_000);
    scheduler.schedule('c', 10_000);
    await settle();
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(10_000);
    expect(started).toEqual([
      { id: 'a', at: 1_000 },
      { id: 'b', at: 3_000 },
      { id: 'c', at: 10_000 },
    ]);
  });

  it('arms no timer when nothing is scheduled', async () => {
    const { clock, scheduler } = setup();
    scheduler.schedule('a', 1_000);
    await clock.advance(2_000);
    expect(scheduler.size).toBe(0);
    expect(scheduler.hasTimer).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('spaces requests by the per-second budget and serves the most overdue first', async () => {
    const { clock, scheduler, started } = setup({ maxRequestsPerSecond: 2, maxConcurrent: 10 });
    for (let i = 0; i < 6; i++) scheduler.schedule(`id${i}`, 100 - i);
    await clock.advance(5_000);
    expect(started.map((s) => s.id)).toEqual(['id5', 'id4', 'id3', 'id2', 'id1', 'id0']);
    const gaps = started.slice(1).map((s, i) => s.at - started[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
  });

  it('at a rate that does not divide a second (3, 6 or 75 a second), never starts one more in any second', async () => {
    // 1000 / 3 ms is not a float: three gaps of its nearest one come out a fraction short of a
    // second, and an account counting its window would see a fourth request in it.
    for (const perSecond of [3, 6, 75]) {
      const { clock, scheduler, started } = setup({
        maxRequestsPerSecond: perSecond,
        maxConcurrent: 2,
      });
      for (let i = 0; i < perSecond * 20; i++) scheduler.schedule(`id${i}`, clock.monotonic());
      await clock.advance(30_000);
      expect(started).toHaveLength(perSecond * 20);
      const times = started.map((s) => s.at);
      expect(peakPerWindow(times, 1_000), `${perSecond} a second`).toBe(perSecond);
    }
  });

  it('never has more requests in flight than the budget allows', async () => {
    const { clock, scheduler, started, peak } = setup(
      { maxRequestsPerSecond: 100, maxConcurrent: 3 },
      2_000,
    );
    for (let i = 0; i < 10; i++) scheduler.schedule(`id${i}`, 0);
    await clock.advance(20_000);
    expect(started).toHaveLength(10);
    expect(peak()).toBe(3);
  });

  it('with a budget wide enough to start thousands at once, lets the event loop run between every few dozen', async () => {
    const { clock, scheduler, started } = setup({
      maxRequestsPerSecond: Infinity,
      maxConcurrent: 1e6,
    });
    for (let i = 0; i < 200; i++) scheduler.schedule(`id${i}`, 0);
    await settle();
    expect(started).toHaveLength(STARTS_PER_TURN); // then a timer of 0 ms: other work runs first
    await clock.advance(0);
    await clock.advance(0);
    await clock.advance(0);
    expect(started).toHaveLength(200);
    expect(started.every((s) => s.at === 0)).toBe(true);
  });

  it('holds every request until a rate-limit reset has passed', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.holdUntil(30_000);
    scheduler.schedule('a', 0);
    scheduler.schedule('b', 10_000);
    await clock.advance(29_999);
    expect(started).toEqual([]);
    await clock.advance(2_000);
    expect(started.map((s) => s.at)).toEqual([30_000, 30_500]);
  });

  it('pauses for every reason until the last one is lifted, with no timer meanwhile', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.schedule('a', 1_000);
    scheduler.pause('sleep');
    scheduler.pause('user');
    await clock.advance(5_000);
    expect(clock.pendingTimers).toBe(0);
    scheduler.resume('sleep');
    await clock.advance(5_000);
    expect(started).toEqual([]);
    scheduler.resume('user');
    await clock.advance(1);
    expect(started).toEqual([{ id: 'a', at: 10_000 }]);
  });

  it('takes on next, of a burst it cannot cover, the purge seen pending most recently', async () => {
    const { clock, scheduler, started } = setup({ maxRequestsPerSecond: 1, maxConcurrent: 1 });
    // Three purges submitted together 10 minutes ago (a goal window of 60 s), all due now. The
    // one added first was last seen pending 3 minutes ago and has likely completed unseen: a
    // check of it would find it late. The two added after it were seen pending a minute ago.
    const submitted = -600_000;
    scheduler.schedule('seen-3-min-ago', 0, -180_000 + 60_000, submitted);
    scheduler.schedule('seen-1-min-ago', 0, -60_000 + 60_000, submitted);
    scheduler.schedule('seen-58-s-ago', 0, -58_000 + 60_000, submitted);
    await clock.advance(3_000);
    expect(started.map((s) => s.id)).toEqual([
      'seen-1-min-ago', // seen pending most recently
      'seen-58-s-ago', // seen at about the same time: the order added
      'seen-3-min-ago', // the third start: the most overdue, so it still comes soon
    ]);
  });

  it('keeps the order a burst was added in with a monotonic clock that reads fractions of a millisecond', async () => {
    // As performance.now() does next to Date.now(): the wall clock far from the monotonic one,
    // and a budget of 3 a second that starts checks at fractions of a millisecond.
    const clock = new VirtualClock(Date.UTC(2026, 10, 28, 12));
    const submitted = clock.now();
    // Still pending: due again 1 s later, with a budget of three checks a second for six.
    const { scheduler, started: starts } = setup({ maxRequestsPerSecond: 3, maxConcurrent: 1 }, 0, {
      clock,
      stillPending: (id) =>
        scheduler.schedule(id, clock.now() + 1_000, clock.now() + 1_000, submitted),
    });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) scheduler.schedule(id, submitted, submitted);
    await clock.advance(4_900);
    const started = starts.map((s) => s.id);
    // a and b, added first, take most of the 15 starts (about one a second each, a start late
    // at times); the others take turns at the rest. Shuffled at every check, every purge would be
    // checked every 2 s instead, each past its 1 s: a and b would have 6.
    expect(started).toHaveLength(15);
    expect(started.filter((id) => id === 'a' || id === 'b').length).toBeGreaterThanOrEqual(9);
  });

  it('checkNow makes scheduled checks due at once, within the budget', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.schedule('a', 60_000);
    scheduler.schedule('b', 60_000);
    scheduler.checkNow(['a']);
    await clock.advance(1_000);
    expect(started.map((s) => s.id)).toEqual(['a']);
    scheduler.checkNow();
    await clock.advance(1_000);
    expect(started.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('neither stalls nor bursts when the wall clock is set back or forward', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.schedule('a', clock.now() + 5_000);
    scheduler.schedule('b', clock.now() + 10_000);
    await settle();
    clock.jump(-3_600_000); // an hour back
    await clock.advance(5_000);
    clock.jump(3_600_000 * 2); // two hours forward
    await clock.advance(5_000);
    // Each ran when it was due, 5 s and 10 s after it was scheduled, whatever the wall clock did.
    expect(started).toEqual([
      { id: 'a', at: 5_000 },
      { id: 'b', at: 10_000 },
    ]);
  });

  it('reports a check that throws through its error hook and keeps scheduling the others', async () => {
    const clock = new VirtualClock(0);
    const ran: string[] = [];
    const reported: Array<[string, unknown]> = [];
    const rejected = new Error('rejected');
    const thrown = new Error('thrown');
    const scheduler = new PollScheduler({
      clock,
      run: (id) => {
        ran.push(id);
        if (id === 'rejects') return Promise.reject(rejected);
        if (id === 'throws') throw thrown;
        return Promise.resolve();
      },
      onCheckError: (id, error) => reported.push([id, error]),
    });
    scheduler.schedule('rejects', 0);
    scheduler.schedule('throws', 1);
    scheduler.schedule('good', 2);
    await clock.advance(5_000);
    expect(ran).toEqual(['rejects', 'throws', 'good']);
    expect(reported).toEqual([
      ['rejects', rejected],
      ['throws', thrown],
    ]);
  });

  it('retries as the retry policy says: a 429 holds every check, a back-off only its own', async () => {
    const { clock, scheduler, started } = setup({ maxRequestsPerSecond: 100, maxConcurrent: 2 });
    scheduler.schedule('a', 1_000);
    scheduler.retry('b', { kind: 'back-off', waitMs: 2_000 });
    await clock.advance(2_500);
    expect(started).toEqual([
      { id: 'a', at: 1_000 },
      { id: 'b', at: 2_000 },
    ]);
    scheduler.schedule('a', 3_000);
    scheduler.retry('b', { kind: 'hold', waitMs: 10_000 });
    expect(scheduler.heldUntilTime).toBe(12_500);
    await clock.advance(20_000);
    expect(started.slice(2).map((s) => s.at)).toEqual([12_500, 12_500 + 10]);
    expect(
      started
        .slice(2)
        .map((s) => s.id)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});
