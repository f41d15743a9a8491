// The clock and timer port. Every timer of the engine and the CLI is armed through it: the
// decisions in time (polling, retries, a submission's wait, store writes, a command's timeout)
// through the Clock they are given, so tests and benchmarks run them in virtual time; the
// deadlines on real I/O (the client's request deadline, a CDN check's deadline, the keychain's
// call timeout: they bound sockets and D-Bus, so they must run in real time whatever clock the
// engine is given) through `systemClock` itself. ESLint keeps the timer globals out of src/core and src/cli but here.
//
// `systemClock` is where every delay is capped: Node cannot arm a timer longer than
// MAX_TIMER_DELAY_MS; it fires one after 1 ms instead, with a TimeoutOverflowWarning, so a
// caller that re-arms for the time still left (the poll scheduler does) would spin. A longer
// delay is armed in steps of at most that, and the callback runs once, when all of it is over.

export type TimerHandle = unknown;

export interface Clock {
  /** Wall-clock time in epoch milliseconds: what users see; may jump when the clock is set. */
  now(): number;
  /** Milliseconds on a clock that never jumps (timers run on it): for measuring waits. */
  monotonic(): number;
  /** Run `callback` once, `delayMs` from now (negative or NaN: at once; Infinity: never). */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The longest delay a Node timer can be armed with: 2^31 − 1 ms, about 24.8 days. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** A real timer for any delay: armed in steps Node can wait, each at most MAX_TIMER_DELAY_MS. */
class CappedTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(callback: () => void, delayMs: number) {
    this.arm(callback, delayMs > 0 ? delayMs : 0);
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private arm(callback: () => void, leftMs: number): void {
    const stepMs = Math.min(leftMs, MAX_TIMER_DELAY_MS);
    this.timer = setTimeout(() => {
      if (leftMs > stepMs) this.arm(callback, leftMs - stepMs);
      else callback();
    }, stepMs);
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, delayMs) => new CappedTimer(callback, delayMs),
  clearTimeout: (handle) => {
    if (handle instanceof CappedTimer) handle.clear();
  },
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
