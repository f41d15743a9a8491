// Writing a file at most every `coalesceMs`: a burst of changes (polling results, completions)
// is one write of the latest state, and a write the user waits for goes at once. A write that
// fails keeps the state in memory, says why, and is tried again a few seconds later with the
// latest state, never at every turn of the event loop. The purges (./purge-store) and the
// duration history (./duration-history) are written through it.
import type { Clock, TimerHandle } from '../clock';
import { reasonOf } from './store-file';

interface CoalescingWriterOptions {
  clock: Clock;
  /** Longest a change written "soon" waits. */
  coalesceMs: number;
  /** The problem in words, from the failure's reason (default: the reason itself). */
  describe?: (reason: string) => string;
  /** Called when a write fails with a new problem, and with undefined once writing works again. */
  onProblem?: (problem: string | undefined) => void;
  /** The problem there is from the start (a file that could not be opened). */
  problem?: string;
}

/** How long a write that failed waits before it is tried again, at the least. */
const RETRY_AFTER_FAILURE_MS = 5_000;

export class CoalescingWriter {
  private readonly clock: Clock;
  private readonly coalesceMs: number;
  private readonly describe: (reason: string) => string;
  private readonly onProblem: (problem: string | undefined) => void;
  /** The latest write waiting for the timer. */
  private pending: (() => void) | undefined;
  private timer: TimerHandle | undefined;
  private closed = false;
  private currentProblem: string | undefined;
  /** Writes performed, for benchmarks and tests. */
  writes = 0;

  constructor(options: CoalescingWriterOptions) {
    this.clock = options.clock;
    this.coalesceMs = options.coalesceMs;
    this.describe = options.describe ?? ((reason) => reason);
    this.onProblem = options.onProblem ?? (() => undefined);
    this.currentProblem = options.problem;
  }

  /** Why the last write failed, until one works again. */
  get problem(): string | undefined {
    return this.currentProblem;
  }

  /** Write now (what the user did), replacing what waits. False when it failed: retried later. */
  writeNow(write: () => void): boolean {
    this.cancelTimer();
    this.pending = undefined;
    return this.run(write);
  }

  /** Write soon, together with whatever else changes meanwhile: `write` replaces what waits. */
  writeSoon(write: () => void, delayMs = this.coalesceMs): void {
    this.pending = write;
    if (this.timer !== undefined || this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delayMs);
  }

  /** Write what is waiting, if anything. */
  flush(): void {
    this.cancelTimer();
    const write = this.pending;
    this.pending = undefined;
    if (write) this.run(write);
  }

  /** Write what is waiting, once, and arm no retry: the file is done with. */
  close(): void {
    this.closed = true;
    this.flush();
  }

  private run(write: () => void): boolean {
    try {
      write();
      this.writes += 1;
      if (this.currentProblem !== undefined) {
        this.currentProblem = undefined;
        this.onProblem(undefined);
      }
      return true;
    } catch (error) {
      const problem = this.describe(reasonOf(error));
      if (problem !== this.currentProblem) {
        this.currentProblem = problem;
        this.onProblem(problem);
      }
      // Retry with the latest state after the coalescing window, and never sooner than a few
      // seconds: where writes are not coalesced (Windows) a failing write would otherwise be
      // retried at every turn of the event loop, each a serialisation of the whole state.
      this.writeSoon(write, Math.max(this.coalesceMs, RETRY_AFTER_FAILURE_MS));
      return false;
    }
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
