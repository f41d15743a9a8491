// The request budget learned from ImageKit's rate-limit headers: the share of the allowance, the
// floor, 429s (multiplicative decrease, slow recovery), the backlog ordered by detection deadline
// without starving anyone, and the figures the issue asks for on a simulated account.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { purgeWatchPoller, simulateDetection } from '../../bench/detection';
import { readWorkload } from '../../bench/workload';
import { PollScheduler } from '../../src/core/poll-scheduler';
import {
  DEFAULT_BUDGET,
  ignoredRateLimitMessage,
  LearnedBudget,
  MIN_PLAUSIBLE_ALLOWANCE,
} from '../../src/core/request-budget';
import { VirtualClock } from '../support/virtual-clock';

const PER_SECOND = (limit: number) => ({ limit, intervalMs: 1_000 });

describe('LearnedBudget', () => {
  it('keeps the fixed 2 requests/s, 2 at a time, until an answer advertises a limit', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(undefined);
    budget.rateLimited(0);
    expect([budget.requestsPerSecond(0), budget.maxConcurrent]).toEqual([2, 2]);
  });

  it.each([
    ['20 per second', PER_SECOND(20), 10],
    ['100 per second', PER_SECOND(100), 50],
    ['3 per second (half is below the 2/s floor)', PER_SECOND(3), 2],
    ['1 per second (below the floor: at most the limit)', PER_SECOND(1), 1],
    ['1,000 per 15 minutes', { limit: 1_000, intervalMs: 900_000 }, 10 / 9],
  ])('spends half of %s, 2 at a time still', (_label, advertised, expected) => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(advertised);
    expect(budget.requestsPerSecond(0)).toBeCloseTo(expected, 6);
    expect(budget.maxConcurrent).toBe(2);
  });

  it('spends the share set, or nothing learned with share null', () => {
    const quarter = new LearnedBudget({ ...DEFAULT_BUDGET, share: 0.25 });
    const fixed = new LearnedBudget({ ...DEFAULT_BUDGET, share: null });
    quarter.learn(PER_SECOND(40));
    fixed.learn(PER_SECOND(40));
    expect(quarter.requestsPerSecond(0)).toBe(10);
    expect(fixed.requestsPerSecond(0)).toBe(2);
    expect(() => new LearnedBudget({ ...DEFAULT_BUDGET, share: 0 })).toThrow(RangeError);
    expect(() => new LearnedBudget({ ...DEFAULT_BUDGET, share: 1.5 })).toThrow(RangeError);
  });

  it('takes a new share at once (a setting changed), keeping a 429 slow-down, and refuses one out of range', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(PER_SECOND(100));
    budget.setShare(0.75);
    expect(budget.requestsPerSecond(0)).toBe(75);
    budget.rateLimited(0);
    budget.setShare(0.25);
    expect(budget.requestsPerSecond(0)).toBe(12.5);
    expect(() => budget.setShare(0)).toThrow(RangeError);
    expect(() => budget.setShare(1.01)).toThrow(RangeError);
    expect(budget.requestsPerSecond(0)).toBe(12.5);
    // The floor still holds: 2 a second however small the share.
    budget.setShare(0.01);
    expect(budget.requestsPerSecond(0)).toBe(2);
  });

  it('halves its share at each 429 and wins it back a tenth every 30 s', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(PER_SECOND(100));
    budget.rateLimited(1_000);
    expect(budget.requestsPerSecond(1_000)).toBe(25);
    budget.rateLimited(2_000);
    expect(budget.requestsPerSecond(2_000)).toBe(12.5);
    expect(budget.requestsPerSecond(2_000 + 30_000)).toBe(17.5);
    expect(budget.requestsPerSecond(2_000 + 4 * 30_000)).toBe(32.5);
    expect(budget.requestsPerSecond(2_000 + 8 * 30_000)).toBe(50);
    expect(budget.requestsPerSecond(2_000 + 60 * 60_000)).toBe(50);
  });

  it('never drops below the floor for 429s (the reset hold does the waiting)', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(PER_SECOND(10));
    for (let i = 0; i < 10; i++) budget.rateLimited(0);
    expect(budget.requestsPerSecond(0)).toBe(2);
  });
});

describe('an advertised allowance below what any account plausibly allows', () => {
  const HOSTILE = { limit: 1, intervalMs: 1e10 };

  it('is ignored (the fixed budget), and kept to be reported, until a plausible one comes', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(HOSTILE);
    expect(budget.requestsPerSecond(0)).toBe(2);
    expect(budget.allowancePerSecond).toBeUndefined();
    expect(budget.ignored).toEqual(HOSTILE);
    budget.learn(undefined); // an answer without the headers changes nothing
    expect(budget.ignored).toEqual(HOSTILE);
    budget.learn(PER_SECOND(20));
    expect([budget.requestsPerSecond(0), budget.ignored]).toEqual([10, undefined]);
    // One learned before stays: a later implausible figure does not replace it.
    budget.learn(HOSTILE);
    expect([budget.requestsPerSecond(0), budget.ignored]).toEqual([10, HOSTILE]);
  });

  it('is obeyed from the floor up: one request every 10 s', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn({ limit: 1, intervalMs: 1000 / MIN_PLAUSIBLE_ALLOWANCE });
    expect([budget.requestsPerSecond(0), budget.ignored]).toEqual([
      MIN_PLAUSIBLE_ALLOWANCE,
      undefined,
    ]);
    budget.learn({ limit: 1, intervalMs: 1000 / MIN_PLAUSIBLE_ALLOWANCE + 1 });
    expect(budget.ignored).toBeDefined();
  });

  it('says what was advertised and what is done instead', () => {
    expect(ignoredRateLimitMessage(HOSTILE)).toBe(
      'ImageKit advertised a rate limit of one request every 115d 17h, less than any account plausibly allows (one every 10s): it is ignored, and checks keep their own pace.',
    );
  });

  it('leaves the scheduler starting checks at its own pace, with no timer past the budget', async () => {
    const clock = new VirtualClock(0);
    const started: number[] = [];
    const scheduler = new PollScheduler({
      clock,
      run: async () => {
        started.push(clock.monotonic());
        scheduler.learn(HOSTILE);
      },
      onCheckError: (_id, error) => {
        throw error;
      },
    });
    for (let i = 0; i < 5; i++) scheduler.schedule(`id${i}`, 0);
    await clock.advance(2_000);
    expect(started).toEqual([0, 500, 1_000, 1_500, 2_000]);
    expect(scheduler.ignoredRateLimit).toEqual(HOSTILE);
  });
});

describe('PollScheduler with a learned budget', () => {
  function setup() {
    const clock = new VirtualClock(0);
    const started: Array<{ id: string; at: number }> = [];
    const scheduler = new PollScheduler({
      clock,
      run: async (id) => {
        started.push({ id, at: clock.monotonic() });
      },
      onCheckError: (_id, error) => {
        throw error; // none of these checks throws: surface it as an unhandled rejection
      },
    });
    return { clock, scheduler, started };
  }

  it('spaces checks at the learned rate once an answer advertised the limit', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.learn(PER_SECOND(20));
    for (let i = 0; i < 11; i++) scheduler.schedule(`id${i}`, 0);
    await clock.advance(2_000);
    expect(started.map((s) => s.at)).toEqual(Array.from({ length: 11 }, (_, i) => i * 100));
  });

  it('spaces the next checks by a share changed while they wait', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.learn(PER_SECOND(20)); // half: 10 a second, the next start 100 ms on
    for (let i = 0; i < 3; i++) scheduler.schedule(`id${i}`, 0);
    await clock.advance(0);
    scheduler.setShare(0.25); // 5 a second
    await clock.advance(1_000);
    expect(started.map((s) => s.at)).toEqual([0, 200, 400]);
  });

  it('after a 429 holds everything until the reset, then goes on at half the rate', async () => {
    const { clock, scheduler, started } = setup();
    scheduler.learn(PER_SECOND(20));
    scheduler.holdUntil(clock.now() + 1_000);
    for (let i = 0; i < 3; i++) scheduler.schedule(`id${i}`, 0);
    await clock.advance(2_000);
    expect(started.map((s) => s.at)).toEqual([1_000, 1_200, 1_400]);
  });

  it('serves a backlog by detection deadline, and every fourth start to the longest waiting', async () => {
    const { clock, scheduler, started } = setup(); // 2 per second: a backlog at once
    // 'old' has waited longest (due first) but its deadline is far: a purge hours old.
    scheduler.schedule('old', -60_000, 600_000);
    for (let i = 0; i < 7; i++) scheduler.schedule(`new${i}`, -100 + i, 5_000 + (7 - i) * 100);
    await clock.advance(4_000);
    expect(started.map((s) => s.id)).toEqual([
      'new6',
      'new5',
      'new4',
      'old', // the fourth start: the longest waiting, however far its deadline
      'new3',
      'new2',
      'new1',
      'new0',
    ]);
  });
});

describe('the learned budget on a simulated account allowing 20 requests/s', () => {
  const workload = readWorkload(
    path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '../../bench/workloads/budget/200-over-10-minutes.json',
    ),
  );
  const account = PER_SECOND(20);

  it('detects 200 purges submitted over 10 minutes ≥ 95 % within goal, with no 429', async () => {
    const learned = (await simulateDetection(workload, purgeWatchPoller('default'), 7, account))
      .figures;
    const fixed = (await simulateDetection(workload, purgeWatchPoller('fixed'), 7, account))
      .figures;
    expect(learned.withinGoalShare).toBeGreaterThanOrEqual(0.95);
    expect(learned.rateLimitedAnswers).toBe(0);
    expect(learned.peakRequestsPerSecond).toBeLessThanOrEqual(10);
    // Today's fixed budget misses the goal on this workload.
    expect(fixed.withinGoalShare).toBeLessThan(0.95);
  });

  it('without the headers polls exactly as the fixed budget does', async () => {
    const withoutHeaders = await simulateDetection(workload, purgeWatchPoller('default'), 7);
    const fixed = await simulateDetection(workload, purgeWatchPoller('fixed'), 7, account);
    expect(withoutHeaders.delaysMs).toEqual(fixed.delaysMs);
    expect(withoutHeaders.checks).toEqual(fixed.checks);
  });
});
