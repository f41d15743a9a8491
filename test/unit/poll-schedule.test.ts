import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEDULE,
  firstCheckAt,
  giveUpAt,
  learnedFirstCheckDelay,
  nextCheckAfterPending,
  nextCheckAt,
  pollInterval,
} from '../../src/core/tracking/poll-schedule';

const S = 1000;
const MIN = 60 * S;

describe('pollInterval', () => {
  it.each([
    [0, 5 * S],
    [20 * S, 5 * S],
    [50 * S, 5 * S],
    [2 * MIN, 12 * S],
    [10 * MIN, 60 * S],
    [100 * MIN, 10 * MIN],
    [20 * 60 * MIN, 10 * MIN],
  ])('a purge pending at age %i ms is checked again %i ms later', (age, gap) => {
    expect(pollInterval(age)).toBe(gap);
  });
});

describe('nextCheckAt', () => {
  const submittedAt = 1_000_000;

  it('never waits longer than the detection goal max(5 s, 10% of age), whatever the jitter', () => {
    for (const age of [1 * S, 30 * S, 90 * S, 7 * MIN, 40 * MIN]) {
      for (const random of [0, 0.5, 0.999]) {
        const now = submittedAt + age;
        const gap = nextCheckAt(submittedAt, now, 0, random) - now;
        expect(gap).toBeLessThanOrEqual(Math.max(5 * S, 0.1 * age));
        expect(gap).toBeGreaterThanOrEqual(
          Math.max(5 * S, 0.1 * age) * (1 - DEFAULT_SCHEDULE.jitter) - 1,
        );
      }
    }
  });

  it('spreads purges submitted together with jitter', () => {
    const now = submittedAt + 5 * MIN;
    const times = new Set([0, 0.25, 0.5, 0.75].map((r) => nextCheckAt(submittedAt, now, 0, r)));
    expect(times.size).toBe(4);
  });

  it('waits at least the back-off after a failed check, the poll gap when that is longer', () => {
    const now = submittedAt + 10 * MIN; // the poll gap at 10 min of age: 60 s
    expect(nextCheckAt(submittedAt, now, 0, 0) - now).toBe(60 * S);
    expect(nextCheckAt(submittedAt, now, 20 * S, 0) - now).toBe(60 * S);
    expect(nextCheckAt(submittedAt, now, 5 * MIN, 0) - now).toBe(5 * MIN);
  });
});

describe('nextCheckAfterPending', () => {
  const submittedAt = 1_000_000;

  it('runs the gap from when the check was sent, less the time its answer took', () => {
    const sentAt = submittedAt + 20 * S; // a 5 s gap
    expect(nextCheckAfterPending(submittedAt, sentAt, sentAt, 0)).toBe(sentAt + 5 * S);
    expect(nextCheckAfterPending(submittedAt, sentAt, sentAt + 300, 0)).toBe(sentAt + 4_700);
  });

  it('comes earlier by at most a tenth of the gap, and never before the answer', () => {
    const sentAt = submittedAt + 20 * S;
    expect(nextCheckAfterPending(submittedAt, sentAt, sentAt + 2 * S, 0)).toBe(sentAt + 4_500);
    expect(nextCheckAfterPending(submittedAt, sentAt, sentAt + 8 * S, 0)).toBe(sentAt + 8 * S);
    const old = submittedAt + 10 * MIN; // a 60 s gap
    expect(nextCheckAfterPending(submittedAt, old, old + 2 * S, 0)).toBe(old + 58 * S);
  });
});

describe('firstCheckAt', () => {
  it('checks a purge just submitted 5 s (or the learned delay) after its submission', () => {
    expect(firstCheckAt(1_000, 1_000)).toBe(6_000);
    expect(firstCheckAt(1_000, 1_000, 80_000)).toBe(81_000);
  });

  it('checks an ID pasted long after its submission at once', () => {
    expect(firstCheckAt(1_000, 1_000 + 10 * MIN)).toBe(1_000 + 10 * MIN);
  });
});

describe('giveUpAt', () => {
  it('gives up 24 h after submission by default', () => {
    expect(giveUpAt(0)).toBe(24 * 60 * MIN);
    expect(DEFAULT_SCHEDULE.giveUpAfterMs).toBe(86_400_000);
  });
});

describe('learnedFirstCheckDelay', () => {
  it('keeps the first check at 5 s until enough purges have completed', () => {
    expect(learnedFirstCheckDelay([])).toBe(5 * S);
    expect(learnedFirstCheckDelay([2 * MIN, 2 * MIN, 2 * MIN, 2 * MIN])).toBe(5 * S);
  });

  it('checks first just before the quickest recent purge would have completed', () => {
    expect(learnedFirstCheckDelay([2 * MIN, 90 * S, 3 * MIN, 2 * MIN, 100 * S])).toBe(81 * S);
  });

  it('comes back to 5 s as soon as one recent purge was quick', () => {
    expect(learnedFirstCheckDelay([2 * MIN, 2 * MIN, 2 * MIN, 2 * MIN, 2 * MIN, 3 * S])).toBe(
      5 * S,
    );
  });

  it('never waits past the longest gap, and never learns when told not to', () => {
    const slow = Array.from({ length: 40 }, () => 5 * 60 * MIN);
    expect(learnedFirstCheckDelay(slow)).toBe(10 * MIN);
    expect(learnedFirstCheckDelay(slow, { ...DEFAULT_SCHEDULE, learnFromRecent: 0 })).toBe(5 * S);
  });
});

describe('jitter', () => {
  it('never shortens a gap below the shortest one', () => {
    const now = 1_000_000 + 20 * S;
    for (const random of [0, 0.5, 0.999]) {
      expect(nextCheckAt(1_000_000, now, 0, random) - now).toBe(5 * S);
    }
  });
});
