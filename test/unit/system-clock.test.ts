// The real clock caps every timer it arms: Node cannot wait longer than 2^31 - 1 ms and fires
// such a timer after 1 ms instead (with a TimeoutOverflowWarning), so a caller re-arming for the
// time left would spin. vitest's fake timers do what Node does with such a delay.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, systemClock } from '../../src/core/clock';

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a callback 10^10 ms away then, not 1 ms after, and only once', () => {
    const armed = vi.spyOn(globalThis, 'setTimeout');
    const callback = vi.fn();
    systemClock.setTimeout(callback, 1e10);
    vi.advanceTimersByTime(1_000);
    expect(callback).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1e10 - 1_001);
    expect(callback).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(callback).toHaveBeenCalledTimes(1);
    // Every timer Node was asked for fits its 32 bits.
    for (const [, delay] of armed.mock.calls) expect(delay).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
    vi.advanceTimersByTime(1e11);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('cancels a long timer whichever of its steps is armed', () => {
    const callback = vi.fn();
    const handle = systemClock.setTimeout(callback, 3 * MAX_TIMER_DELAY_MS);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS + 1);
    systemClock.clearTimeout(handle);
    vi.advanceTimersByTime(3 * MAX_TIMER_DELAY_MS);
    expect(callback).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs a callback with a negative or NaN delay at once', () => {
    const callback = vi.fn();
    systemClock.setTimeout(callback, -5);
    systemClock.setTimeout(callback, Number.NaN);
    vi.advanceTimersByTime(1);
    expect(callback).toHaveBeenCalledTimes(2);
  });
});
