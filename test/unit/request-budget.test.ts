// The request budget learned from ImageKit's rate-limit headers: the share of the allowance, the
// floor, 429s (multiplicative decrease, slow recovery), which check goes first when the budget is
// short (the oldest purge, a burst in its order, none starved), and the figures the issues ask for
// on a simulated account.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAccountLimit } from '../../bench/account-limit';
import { purgeWatchPoller, simulateDetection } from '../../bench/detection';
import { readWorkload } from '../../bench/workload';
import { PollScheduler } from '../../src/core/tracking/poll-scheduler';
import {
  DEFAULT_BUDGET,
  ignoredRateLimitMessage,
  LearnedBudget,
  MAX_PLAUSIBLE_ALLOWANCE,
  MIN_PLAUSIBLE_ALLOWANCE,
} from '../../src/core/tracking/request-budget';
import { DEFAULT_SHARE } from '../../src/shared/settings';
import { VirtualClock } from '../support/virtual-clock';

const PER_SECOND = (limit: number) => ({ limit, intervalMs: 1_000 });
const WORKLOADS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bench/workloads');

describe('LearnedBudget', () => {
  it('keeps the fixed 2 requests/s, 2 at a time, until an answer advertises a limit', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(undefined);
    budget.rateLimited(0);
    expect([budget.requestsPerSecond(0), budget.maxConcurrent(0)]).toEqual([2, 2]);
  });

  it.each([
    ['20 per second', PER_SECOND(20), 10, 10],
    ['100 per second', PER_SECOND(100), 50, 50],
    ['3 per second (half is below the 2/s floor: the share still caps it)', PER_SECOND(3), 1.5, 2],
    ['1 per second', PER_SECOND(1), 0.5, 2],
    ['1,000 per 15 minutes', { limit: 1_000, intervalMs: 900_000 }, 5 / 9, 2],
  ])(
    'spends half of %s, up to a second of it in flight (2 at least)',
    (_label, advertised, perSecond, inFlight) => {
      const budget = new LearnedBudget(DEFAULT_BUDGET);
      budget.learn(advertised);
      expect(budget.requestsPerSecond(0)).toBeCloseTo(perSecond, 6);
      expect(budget.maxConcurrent(0)).toBe(inFlight);
    },
  );

  it('keeps 2 in flight with share null (nothing learned), and fewer in flight after a 429', () => {
    const fixed = new LearnedBudget({ ...DEFAULT_BUDGET, share: null });
    fixed.learn(PER_SECOND(100));
    expect(fixed.maxConcurrent(0)).toBe(2);
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(PER_SECOND(100));
    budget.rateLimited(0);
    expect(budget.maxConcurrent(0)).toBe(25);
  });

  it('lowers its share once for requests in flight together: a 429 for one started before the last cut is the same news', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(PER_SECOND(100));
    // Ten started at 1,000 ms, all refused from 1,200 ms on.
    for (let i = 0; i < 10; i++) budget.rateLimited(1_200 + i, 1_000);
    expect(budget.requestsPerSecond(1_300)).toBe(25);
    // One started after that cut and refused too: news, the share halves again.
    budget.rateLimited(2_500, 1_300);
    expect(budget.requestsPerSecond(2_500)).toBe(12.5);
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
    // A share below the 2/s floor is spent as it is: never more than the share.
    budget.setShare(0.01);
    expect(budget.requestsPerSecond(0)).toBe(1);
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

  it('is obeyed from the floor up: one request every 10 s (of which the share is spent)', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn({ limit: 1, intervalMs: 1000 / MIN_PLAUSIBLE_ALLOWANCE });
    expect([budget.requestsPerSecond(0), budget.ignored]).toEqual([
      MIN_PLAUSIBLE_ALLOWANCE * DEFAULT_SHARE,
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

  it('words an absurd advertisement in words, not in exponents', () => {
    // X-RateLimit-Limit: 1, X-RateLimit-Interval: 1e300 (what a broken proxy may send).
    expect(ignoredRateLimitMessage({ limit: 1, intervalMs: 1e300 })).toBe(
      'ImageKit advertised a rate limit of less than one request a year, less than any account plausibly allows (one every 10s): it is ignored, and checks keep their own pace.',
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

describe('an advertised allowance above what any account plausibly allows', () => {
  // X-RateLimit-Limit: 1e308, X-RateLimit-Interval: 1e-300: an infinite rate, from a broken or
  // hostile proxy. Obeyed, checks went out back to back, and 429s did not slow them (the share
  // of an infinite allowance stays infinite however often it is halved).
  const FLOOD = { limit: 1e308, intervalMs: 1e-300 };

  it('is ignored (the fixed budget, which 429s slow) and kept to be reported', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn(FLOOD);
    expect([budget.requestsPerSecond(0), budget.ignored]).toEqual([2, FLOOD]);
    expect(budget.allowancePerSecond).toBeUndefined();
  });

  it('is obeyed up to the ceiling', () => {
    const budget = new LearnedBudget(DEFAULT_BUDGET);
    budget.learn({ limit: MAX_PLAUSIBLE_ALLOWANCE, intervalMs: 1000 });
    expect([budget.requestsPerSecond(0), budget.ignored]).toEqual([
      MAX_PLAUSIBLE_ALLOWANCE * DEFAULT_SHARE,
      undefined,
    ]);
    budget.learn({ limit: MAX_PLAUSIBLE_ALLOWANCE + 1, intervalMs: 1000 });
    expect(budget.ignored).toBeDefined();
  });

  it('says what was advertised, in words, and what is done instead', () => {
    expect(ignoredRateLimitMessage({ limit: 5000, intervalMs: 1000 })).toBe(
      'ImageKit advertised a rate limit of 5,000 requests a second, more than any account plausibly allows (1,000 a second): it is ignored, and checks keep their own pace.',
    );
    expect(ignoredRateLimitMessage(FLOOD)).toBe(
      'ImageKit advertised a rate limit of more than a million requests a second, more than any account plausibly allows (1,000 a second): it is ignored, and checks keep their own pace.',
    );
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

  it('halves the rate once when the checks in flight together are all refused (429)', async () => {
    const clock = new VirtualClock(0);
    const started: number[] = [];
    let refuse = true;
    const scheduler = new PollScheduler({
      clock,
      run: async (id) => {
        started.push(clock.monotonic());
        // Answers take a second: ten are in flight at 10 a second when the account refuses.
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 1_000));
        if (refuse) scheduler.retry(id, { kind: 'hold', waitMs: 500 });
      },
      onCheckError: (_id, error) => {
        throw error;
      },
    });
    scheduler.learn(PER_SECOND(20));
    for (let i = 0; i < 10; i++) scheduler.schedule(`id${i}`, 0);
    await clock.advance(1_950); // all ten started and refused
    refuse = false;
    await clock.advance(5_000);
    // After the holds, the ten go again at half the rate (5 a second, 200 ms apart), not at
    // the floor a cut per refusal would have left (2 a second).
    const again = started.slice(10);
    expect(again).toHaveLength(10);
    expect(again.slice(1).map((at, i) => at - again[i]!)).toEqual(new Array(9).fill(200));
  });

  it('serves a backlog oldest purge first, then in the order scheduled, and every third start to the most overdue', async () => {
    const { clock, scheduler, started } = setup(); // 2 per second: a backlog at once
    // A burst submitted at 0, the later ones' deadlines the furthest past; then a purge hours old.
    for (let i = 0; i < 9; i++) {
      scheduler.schedule(`burst${i}`, 0, i === 8 ? -10_000 : 5_000 + (8 - i) * 100, 0);
    }
    scheduler.schedule('hours-old', 0, 60_000, -3 * 3_600_000);
    await clock.advance(10_000);
    expect(started.map((s) => s.id)).toEqual([
      'hours-old', // the widest goal window
      'burst0',
      'burst8', // the third start: the most overdue, wherever it stands
      'burst1',
      'burst2',
      'burst7',
      'burst3',
      'burst4',
      'burst6',
      'burst5',
    ]);
  });

  it('keeps covering the purges it covers when the budget cannot check all, and gets to the rest', async () => {
    const clock = new VirtualClock(0);
    const started: string[] = [];
    const scheduler = new PollScheduler({
      clock,
      budget: { maxRequestsPerSecond: 1, maxConcurrent: 1 },
      // Still pending: due again 2 s later, with a budget of one check a second for four.
      run: async (id) => {
        started.push(id);
        scheduler.schedule(id, clock.now() + 2_000, clock.now() + 2_000);
      },
      onCheckError: (_id, error) => {
        throw error;
      },
    });
    ['a', 'b', 'c', 'd'].forEach((id, i) => scheduler.schedule(id, 0, i, 0));
    await clock.advance(8_500);
    // a and b are checked two starts in three, c and d take turns at the third, rather than
    // all four every 4 s (each past its 2 s).
    expect(started).toEqual(['a', 'b', 'c', 'a', 'b', 'd', 'a', 'b', 'c']);
  });

  it("with backlog 'due' serves a backlog as a plain poller does: the one due first", async () => {
    const clock = new VirtualClock(0);
    const started: string[] = [];
    const scheduler = new PollScheduler({
      clock,
      budget: { ...DEFAULT_BUDGET, backlog: 'due' },
      run: async (id) => void started.push(id),
      onCheckError: (_id, error) => {
        throw error;
      },
    });
    scheduler.schedule('due-last', -100, -100, -3_600_000);
    scheduler.schedule('due-first', -300, -300, 0);
    scheduler.schedule('due-second', -200, -200, 0);
    await clock.advance(2_000);
    expect(started).toEqual(['due-first', 'due-second', 'due-last']);
  });
});

describe('the learned budget on a simulated account allowing 20 requests/s', () => {
  const workload = readWorkload(path.join(WORKLOADS, 'budget/200-over-10-minutes.json'));
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

  it.each(['budget/1000-over-10-minutes.json', 'budget/200-within-a-minute.json'])(
    'where the budget is short (%s), detects more within goal than a fixed 5/10/20 s poller spending the same, with no 429',
    async (file) => {
      const deploy = readWorkload(path.join(WORKLOADS, file));
      const report = await runAccountLimit(deploy, account);
      const [ours, ...fixed] = report.rows;
      for (const other of fixed)
        expect(ours!.withinGoalShare).toBeGreaterThan(other.withinGoalShare);
      expect(ours!.rateLimitedAnswers).toBe(0);
      expect(ours!.peakShareOfLimit).toBeLessThanOrEqual(0.5);
      expect(ours!.allDoneDelaySeconds).toBeLessThanOrEqual(report.allDoneGoalSeconds);
    },
  );

  it('spends its whole share when answers take time: a second of it in flight, not 2', async () => {
    // A burst of 1,000 purges, each answer taking 400 ms. With 2 in flight, 5 checks a second
    // were all the 10 of the share the account lends could buy.
    const burst = readWorkload(path.join(WORKLOADS, 'budget/1000-over-10-minutes.json'));
    const run = await simulateDetection(burst, purgeWatchPoller('default'), 7, account, 400);
    const startedIn = (fromMs: number, toMs: number) =>
      run.calls.filter((call) => call.at >= fromMs && call.at < toMs).length;
    // Every second of the busy first minutes starts the share's 10 checks, never more.
    for (let second = 30; second < 90; second++) {
      expect(startedIn(second * 1_000, (second + 1) * 1_000)).toBe(10);
    }
    expect(run.figures.rateLimitedAnswers).toBe(0);
  });

  it('without the headers polls exactly as the fixed budget does', async () => {
    const withoutHeaders = await simulateDetection(workload, purgeWatchPoller('default'), 7);
    const fixed = await simulateDetection(workload, purgeWatchPoller('fixed'), 7, account);
    expect(withoutHeaders.delaysMs).toEqual(fixed.delaysMs);
    expect(withoutHeaders.checks).toEqual(fixed.checks);
  });
});
