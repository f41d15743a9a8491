// After a request to ImageKit failed: is it tried again, and after how long. The one retry
// policy of the app and the CLI: the tracker's polling (run by the PollScheduler),
// `Tracker.submit` (the app's "Purge URLs" and the CLI's `purge`) and the CLI's `status` count
// each request's failures here and differ only in their limits (the presets below).
//
// - 429: ImageKit's limit is account-wide, so every request waits until the reset it sent
//   (`X-RateLimit-Reset`, else a `Retry-After`, read by the client; a second without either):
//   a `hold`.
// - transient (5xx, no answer, a timeout): this request backs off, `errorBackoffMs` doubling
//   per failure in a row, up to `maxIntervalMs`: a `back-off`. A submission only when it
//   certainly never reached ImageKit (SUBMISSION_RETRIES).
// - an answer that is not one (a proxy's page, an unexpected 4xx): retried like a transient
//   failure only where there is time for it (polling, until the give-up deadline).
// - not found, auth: answers, never retried here.
import type { ApiError } from '../../shared/purge';
import type { ScheduleOptions } from '../tracking/poll-schedule';

/** A 429 without a usable reset time (`X-RateLimit-Reset`, `Retry-After`) is waited out this long. */
export const RATE_LIMIT_FALLBACK_WAIT_MS = 1_000;

export interface RetryLimits {
  /** 429s waited out per request before the 429 is its answer. */
  rateLimitWaits: number;
  /** Tries per request while it fails transiently, the first included (1: never retried). */
  tries: number;
  /** Also back off after a protocol error or an unexpected 4xx, not only a transient one. */
  retryUnexpectedAnswers: boolean;
  /** Retry a transient failure only when the request certainly never reached ImageKit. */
  onlyWhenNotSent?: boolean;
}

/** Polling a pending purge: it has until its give-up deadline, so it always tries again. */
export const POLLING_RETRIES: RetryLimits = {
  rateLimitWaits: Infinity,
  tries: Infinity,
  retryUnexpectedAnswers: true,
};

/**
 * Submitting a purge: never twice. A 429 is waited out (twice: three tries), and a request that
 * certainly never reached ImageKit (connection refused, DNS) is tried again (three tries in
 * all). A submission whose answer was lost (a timeout, a reset, a 5xx) may have been accepted,
 * and an account may purge only 1,000 times a month: it is not sent again.
 */
export const SUBMISSION_RETRIES: RetryLimits = {
  rateLimitWaits: 2,
  tries: 3,
  retryUnexpectedAnswers: false,
  onlyWhenNotSent: true,
};

/** One answer per ID (`purge-watch status`): a few tries, then the error is the answer. */
export const ONE_ANSWER_RETRIES: RetryLimits = {
  rateLimitWaits: 10,
  tries: 3,
  retryUnexpectedAnswers: false,
};

export type Retry =
  /** Start no request to ImageKit for `waitMs`, then try this one again. */
  | { kind: 'hold'; waitMs: number }
  /** Try this request again after `waitMs` at the earliest. */
  | { kind: 'back-off'; waitMs: number };

type Backoff = Pick<ScheduleOptions, 'errorBackoffMs' | 'maxIntervalMs'>;

/**
 * The wait after `failures` (at least 1) transient failures in a row: `errorBackoffMs`,
 * doubling, at most `maxIntervalMs`.
 */
function errorBackoff(failures: number, options: Backoff): number {
  const backoff = options.errorBackoffMs * 2 ** Math.min(Math.max(failures, 1) - 1, 20);
  return Math.min(options.maxIntervalMs, backoff);
}

/** The failures in a row of each request (keyed by request ID, URL, …), and what they call for. */
export class RetryPolicy {
  private readonly transient = new Map<string, number>();
  private readonly rateLimited = new Map<string, number>();

  constructor(
    private readonly limits: RetryLimits,
    private readonly backoff: Backoff,
  ) {}

  /** `key`'s request failed with `error`: how to try again, or undefined when the error is its answer. */
  failed(key: string, error: ApiError): Retry | undefined {
    if (error.kind === 'rate_limited') {
      const waits = (this.rateLimited.get(key) ?? 0) + 1;
      if (waits > this.limits.rateLimitWaits) return undefined;
      this.rateLimited.set(key, waits);
      return { kind: 'hold', waitMs: error.resetMs ?? RATE_LIMIT_FALLBACK_WAIT_MS };
    }
    const retried =
      (error.kind === 'transient' && (!this.limits.onlyWhenNotSent || error.notSent === true)) ||
      (this.limits.retryUnexpectedAnswers &&
        (error.kind === 'protocol' || error.kind === 'rejected'));
    if (!retried) return undefined;
    const failures = (this.transient.get(key) ?? 0) + 1;
    if (failures >= this.limits.tries) return undefined;
    this.transient.set(key, failures);
    return { kind: 'back-off', waitMs: errorBackoff(failures, this.backoff) };
  }

  /** `key`'s request got an answer: its next failure is the first again. */
  answered(key: string): void {
    this.transient.delete(key);
    this.rateLimited.delete(key);
  }
}
