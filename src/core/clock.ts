// The clock and timer port. The engine never calls Date.now or setTimeout itself,
// so tests and benchmarks can run it in virtual time.

export type TimerHandle = unknown;

export interface Clock {
  /** Wall-clock time in epoch milliseconds: what users see; may jump when the clock is set. */
  now(): number;
  /** Milliseconds on a clock that never jumps (timers run on it): for measuring waits. */
  monotonic(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, delayMs) => {
    const timer = setTimeout(callback, delayMs);
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
