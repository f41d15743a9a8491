// One call into keytar at a time per process, each bounded from its turn. keytar runs each
// call on a thread of its own, so calls made at once reach libsecret at once, and a listing that
// meets the delete of one of its entries crashes the whole process: keytar's findCredentials
// copies the deleted entry's missing secret (strdup(NULL), SIGSEGV). The app makes such calls at
// once (at start it reads the default key and lists the accounts, and both may move the key of a
// version before accounts), so they wait in line, whichever adapter makes them.
//
// A call's time starts when keytar starts it: one behind a slow answer (a keyring being unlocked,
// a macOS prompt the user is reading) still gets all of its time. A call that outlives its time
// is given up, but keytar cannot be stopped: it still holds the line, and nothing reaches keytar
// beside it. The calls waiting then wait at most their own time for it; one that waits longer
// fails as timed out and is never run (a key stored after its caller was told it was not would be
// a change nobody hears of). When the call given up settles at last, the next one runs.
import type { Clock, TimerHandle } from '../clock';

export interface CallBounds {
  /** Real time for a real keychain (core/clock.ts's systemClock). */
  clock: Clock;
  /** How long the call may take once it runs, and wait while the keychain is not answering. */
  waitMs: number;
  /** The error for a call past its time: one that ran, or one that never got its turn. */
  timedOut(ran: boolean): Error;
}

/** A call waiting for its turn. */
interface Waiter {
  /** The keychain stopped answering: wait no longer than the call's own time. */
  startWaiting(): void;
  /** It answers again: wait for the turn, however long the calls ahead take. */
  stopWaiting(): void;
}

class CallLine {
  /** Settles when the last call queued is done with keytar (run and settled, or given up). */
  private tail: Promise<void> = Promise.resolve();
  /** The call in keytar outlived its time and has not settled: the keychain is not answering. */
  private stuck = false;
  private readonly waiting = new Set<Waiter>();

  add<T>(run: () => Promise<T>, bounds: CallBounds): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const waiter: Waiter = {
        startWaiting: () => {
          timer ??= bounds.clock.setTimeout(() => {
            this.waiting.delete(waiter);
            reject(bounds.timedOut(false));
          }, bounds.waitMs);
        },
        stopWaiting: () => {
          if (timer !== undefined) bounds.clock.clearTimeout(timer);
          timer = undefined;
        },
      };
      this.waiting.add(waiter);
      if (this.stuck) waiter.startWaiting();
      this.tail = this.tail.then(async () => {
        if (!this.waiting.delete(waiter)) return; // gave up waiting: never run
        waiter.stopWaiting();
        await this.runBounded(run, bounds, resolve, reject);
      });
    });
  }

  /** Runs `run` and settles the caller by its answer or its time; resolves once keytar is free. */
  private async runBounded<T>(
    run: () => Promise<T>,
    bounds: CallBounds,
    resolve: (value: T) => void,
    reject: (error: unknown) => void,
  ): Promise<void> {
    const timer = bounds.clock.setTimeout(() => {
      this.stuck = true;
      for (const waiter of this.waiting) waiter.startWaiting();
      reject(bounds.timedOut(true));
    }, bounds.waitMs);
    // keytar throws synchronously for some bad arguments: that is its answer too.
    await Promise.resolve()
      .then(run)
      .then(resolve, reject)
      .finally(() => bounds.clock.clearTimeout(timer));
    if (this.stuck) {
      this.stuck = false;
      for (const waiter of this.waiting) waiter.stopWaiting();
    }
  }
}

/** Per keytar module (the real one is one per process): its line of calls. */
const lines = new WeakMap<object, CallLine>();

/**
 * Runs `run` once every call made before it on this keytar is done with it, whichever adapter
 * made it; bounded by `bounds` from its turn (see above).
 */
export function oneAtATime<T>(keytar: object, run: () => Promise<T>, bounds: CallBounds) {
  let line = lines.get(keytar);
  if (!line) lines.set(keytar, (line = new CallLine()));
  return line.add(run, bounds);
}
