import { describe, expect, it } from 'vitest';
import {
  durationBins,
  estimatePurge,
  formatDurationRange,
  quantile,
  summarizeDurations,
} from '../../src/shared/duration-estimate';
import { DurationHistory } from '../../src/core/storage/duration-history';
import { Tracker } from '../../src/core/tracking/tracker';
import { SimulatedImageKit, requestIdAt } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

const S = 1000;
const MIN = 60 * S;

describe('the duration summary', () => {
  it('interpolates percentiles between ranks', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(quantile(sorted, 0.5)).toBe(55);
    expect(quantile(sorted, 0.9)).toBeCloseTo(91);
    expect(quantile(sorted, 0.95)).toBeCloseTo(95.5);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('says nothing with fewer than 5 completions', () => {
    expect(summarizeDurations([MIN, MIN, MIN, MIN])).toBeUndefined();
    expect(estimatePurge(0, 30 * S, summarizeDurations([MIN, MIN, MIN, MIN]))).toBeUndefined();
    expect(summarizeDurations([MIN, MIN, MIN, MIN, MIN])?.count).toBe(5);
  });

  it('counts durations in log-spaced bins, the last one open-ended', () => {
    const bins = durationBins([3 * S, 45 * S, 50 * S, 2.5 * MIN, 5 * 60 * MIN]);
    expect(bins.filter((b) => b.count > 0)).toEqual([
      { fromMs: 0, toMs: 5 * S, count: 1 },
      { fromMs: 30 * S, toMs: MIN, count: 2 },
      { fromMs: 2 * MIN, toMs: 3 * MIN, count: 1 },
      { fromMs: 120 * MIN, count: 1 },
    ]);
  });

  it('words ranges no finer than they are known', () => {
    expect(formatDurationRange(70 * S, 170 * S)).toBe('1–3 min');
    expect(formatDurationRange(12 * S, 38.2 * S)).toBe('12–39 s');
    expect(formatDurationRange(12 * S, 38 * S, 'minute')).toBe('under 1 min');
    expect(formatDurationRange(20 * S, 100 * S)).toBe('under 2 min');
    expect(formatDurationRange(2 * 60 * MIN, 5 * 60 * MIN)).toBe('2–5 h');
  });

  it('gives a pending purge the middle 80 %, then "longer than usual" past the 95th percentile', () => {
    const durations = [1, 1.2, 1.5, 1.8, 2, 2, 2.2, 2.5, 2.8, 3].map((m) => m * MIN);
    const summary = summarizeDurations(durations)!;
    const early = estimatePurge(1_000_000, 1_000_000 + 30 * S, summary)!;
    expect(early.text).toBe('usually done in 1–3 min');
    expect(early.expectedBy.earliest).toBe(1_000_000 + quantile(durations, 0.1));
    expect(early.expectedBy.latest).toBe(1_000_000 + quantile(durations, 0.9));
    expect(early.slow).toBe(false);
    const late = estimatePurge(0, 2.95 * MIN, summary)!;
    expect(late.slow).toBe(true);
    expect(late.text).toBe('taking longer than usual (usually 1–3 min)');
    expect(late.farPast).toBe(false);
    expect(estimatePurge(0, 10 * MIN - 1, summary)!.farPast).toBe(false); // 3×p95 < 10 min
    expect(estimatePurge(0, 10 * MIN + 1, summary)!.farPast).toBe(true);
  });
});

describe('estimates on the virtual clock', () => {
  it('appear after the 5th completion and follow a shift in how long purges take', async () => {
    const clock = new VirtualClock();
    const api = new SimulatedImageKit(clock);
    const history = new DurationHistory({ clock });
    const tracker = new Tracker({
      accounts: [{ name: 'default', api }],
      clock,
      history,
      random: () => 0.5,
    });
    tracker.start();
    let serial = 0;
    /** Purges one after the other, each taking `takes`; the estimate a new one gets before each. */
    async function purgesTaking(count: number, takes: (n: number) => number) {
      const seen: (string | undefined)[] = [];
      for (let n = 0; n < count; n++) {
        const id = requestIdAt(clock.now(), 1000 + serial++);
        api.addPurge(id, clock.now() + takes(n));
        await tracker.add(id);
        const purge = tracker.get(id)!;
        seen.push(estimatePurge(purge.submittedAt, clock.now(), history.summary('default'))?.text);
        await clock.advanceUntil(() => tracker.get(id)?.state === 'completed', 60 * MIN);
      }
      return seen;
    }

    // About 2 minutes, give or take 20 s.
    const first = await purgesTaking(6, (n) => 100 * S + (n % 3) * 20 * S);
    expect(first.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(first[5]).toMatch(/^usually done in [12]–[23] min$/);

    // ImageKit slows down: purges now take about 8 minutes. The estimate follows.
    const slower = await purgesTaking(60, (n) => 8 * MIN + (n % 3) * 20 * S);
    expect(slower[0]).toMatch(/^usually done in [12]–[23] min$/);
    expect(slower.at(-1)).toMatch(/^usually done in [78]–(9|10) min$/);

    // A purge pending 12 minutes is now past the 95th percentile.
    const id = requestIdAt(clock.now(), 5000);
    api.addPurge(id, Infinity);
    await tracker.add(id);
    await clock.advance(12 * MIN);
    const estimate = estimatePurge(
      tracker.get(id)!.submittedAt,
      clock.now(),
      history.summary('default'),
    );
    expect(estimate?.slow).toBe(true);
    tracker.close();
  });
});
