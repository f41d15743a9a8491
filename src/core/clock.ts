// The clock and timer port. Every decision of the engine in time (polling, retries, a
// submission's wait, store writes) reads time and arms timers through it, so tests and
// benchmarks run it in virtual time. Only the deadlines on real I/O use real timers: the
// client's request deadline and the keychain's call timeout bound sockets and D-Bus.

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

/** Resolves after `ms` on `clock`, or as soon as `signal` is aborted. */
export function waitUnlessAborted(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
