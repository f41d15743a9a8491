// Whether ImageKit answers at all. A request that fails without any HTTP answer (connection
// refused, DNS, reset, no answer in time) extends a streak; any answer, even an error status,
// ends it. The commands use the streak to stop waiting on a dead network instead of retrying
// silently until their timeout, and to show the last error while they wait.
import type { Clock } from '../core/clock';
import type { PurgeStatusApi } from '../core/imagekit/imagekit-client';
import type { StatusOutcome, SubmitOutcome } from '../core/imagekit/imagekit-answer';
import type { ApiError } from '../shared/purge';

/** `wait` gives up when ImageKit has not answered at all for this long (scaled in tests). */
export const NO_ANSWER_GIVE_UP_MS = 2 * 60_000;
/** `status` gives up after this many requests in a row got no answer at all. */
export const NO_ANSWER_GIVE_UP_REQUESTS = 3;

export class ConnectionWatch {
  /** The last error any request met, cleared by the next success. */
  lastError: ApiError | undefined;
  /** Requests in a row that got no answer at all. */
  streak = 0;
  /** When the current streak's first request failed (epoch ms). */
  silentSince: number | undefined;
  /** The last status check's 429, while no other answer to one came since (a check held, not made). */
  checkHeldBy: ApiError | undefined;
  /** Submissions sent and not answered yet (nor given up on). */
  submissionsUnanswered = 0;
  private readonly listeners = new Set<() => void>();
  private readonly rateLimitListeners = new Set<(error: ApiError) => void>();

  constructor(private readonly clock: Clock) {}

  /** `api`, whose every answer (or silence) is seen here. */
  watched(api: PurgeStatusApi): PurgeStatusApi {
    return {
      getPurgeStatus: async (requestId) => {
        const outcome = this.record(await api.getPurgeStatus(requestId));
        const held = !outcome.ok && outcome.error.kind === 'rate_limited';
        this.checkHeldBy = held ? outcome.error : undefined;
        return outcome;
      },
      submitPurge: async (url) => {
        this.submissionsUnanswered += 1;
        try {
          return this.record(await api.submitPurge(url));
        } finally {
          this.submissionsUnanswered -= 1;
        }
      },
      // Closing: requests in flight must not keep the process (or an in-process caller) waiting.
      abortAll: () => api.abortAll?.(),
    };
  }

  /** Called after each request that got no answer at all. */
  onSilence(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Called after each answer that was a 429. */
  onRateLimited(listener: (error: ApiError) => void): void {
    this.rateLimitListeners.add(listener);
  }

  private record<T extends StatusOutcome | SubmitOutcome>(outcome: T): T {
    if (!outcome.ok && outcome.error.kind === 'rate_limited') {
      for (const listener of this.rateLimitListeners) listener(outcome.error);
    }
    if (outcome.ok) {
      this.lastError = undefined;
    } else {
      this.lastError = outcome.error;
    }
    if (!outcome.ok && isNoAnswer(outcome.error)) {
      this.streak += 1;
      this.silentSince ??= this.clock.now();
      for (const listener of this.listeners) listener();
    } else {
      this.streak = 0;
      this.silentSince = undefined;
    }
    return outcome;
  }
}

/** A transient failure without an HTTP status: nothing answered. */
export function isNoAnswer(error: ApiError): boolean {
  return error.kind === 'transient' && error.httpStatus === undefined;
}
