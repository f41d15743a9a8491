import { describe, expect, it } from 'vitest';
import { FirstCheckLearner } from '../../src/core/tracking/first-check-learner';
import { DEFAULT_SCHEDULE } from '../../src/core/tracking/poll-schedule';
import { DurationHistory } from '../../src/core/storage/duration-history';
import { VirtualClock } from '../support/virtual-clock';

const S = 1000;
const MIN = 60 * S;

/** A history of `durations` (ms), the last seen complete at `now`, each `spacingMs` after the one before. */
function learnerWith(durations: number[], now: number, spacingMs: number): FirstCheckLearner {
  const history = new DurationHistory({ clock: new VirtualClock() });
  durations.forEach((durationMs, index) => {
    const seenAt = now - (durations.length - 1 - index) * spacingMs;
    history.record(
      { submittedAt: seenAt - durationMs, durationMs, submittedHere: true, requestId: `r${index}` },
      'default',
    );
  });
  return new FirstCheckLearner(history, DEFAULT_SCHEDULE, 'default');
}

describe('FirstCheckLearner: what the first check learns from', () => {
  const now = Date.UTC(2026, 11, 7, 12);

  it('learns from the last 40 completions when they came slowly', () => {
    // One completion a minute: a quick purge 41 completions ago is 40 minutes old.
    const durations = [20 * S, ...Array.from({ length: 40 }, () => 3 * MIN)];
    expect(learnerWith(durations, now, MIN).firstCheckDelay(now)).toBe(0.9 * 3 * MIN);
  });

  it('learns from every completion of the last 5 minutes during a deploy, however many', () => {
    // 100 completions in 100 s: the quick one, 99 completions ago, is still within the window,
    // so a new purge as quick as it is not checked first after it completed.
    const durations = [20 * S, ...Array.from({ length: 99 }, () => 3 * MIN)];
    expect(learnerWith(durations, now, S).firstCheckDelay(now)).toBe(0.9 * 20 * S);
    // Six minutes later the window has moved past it: back to the last 40.
    expect(learnerWith(durations, now, S).firstCheckDelay(now + 6 * MIN)).toBe(0.9 * 3 * MIN);
  });
});
