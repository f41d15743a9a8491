import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE } from '../../src/core/tracking/poll-schedule';
import type { RetryLimits } from '../../src/core/imagekit/retry-policy';
import {
  ONE_ANSWER_RETRIES,
  POLLING_RETRIES,
  RetryPolicy,
  SUBMISSION_RETRIES,
} from '../../src/core/imagekit/retry-policy';
import type { ApiError } from '../../src/shared/purge';

const S = 1000;
const MIN = 60 * S;

const transient: ApiError = {
  kind: 'transient',
  message: 'ImageKit answered HTTP 503.',
  httpStatus: 503,
};
const noAnswer: ApiError = { kind: 'transient', message: 'ImageKit could not be reached.' };
const tooMany = (resetMs?: number): ApiError => ({
  kind: 'rate_limited',
  message: 'Too many requests',
  httpStatus: 429,
  ...(resetMs === undefined ? {} : { resetMs }),
});
const proxyPage: ApiError = { kind: 'protocol', message: 'ImageKit sent an HTML page.' };

/** What the policy says after each of these errors in a row for one request. */
function retriesFor(limits: RetryLimits, errors: readonly ApiError[]) {
  const policy = new RetryPolicy(limits, DEFAULT_SCHEDULE);
  return errors.map((error) => policy.failed('id', error));
}

describe('RetryPolicy', () => {
  it('backs off after transient failures in a row, doubling from 5 s up to 10 minutes', () => {
    const waits = retriesFor(POLLING_RETRIES, Array(10).fill(transient)).map((r) => r?.waitMs);
    expect(waits).toEqual([
      5 * S,
      10 * S,
      20 * S,
      40 * S,
      80 * S,
      160 * S,
      320 * S,
      10 * MIN,
      10 * MIN,
      10 * MIN,
    ]);
  });

  it("holds every request for a 429's reset, a second when ImageKit sent none", () => {
    expect(retriesFor(POLLING_RETRIES, [tooMany(40 * S), tooMany()])).toEqual([
      { kind: 'hold', waitMs: 40 * S },
      { kind: 'hold', waitMs: 1 * S },
    ]);
  });

  it('starts the back-off over once the request got an answer', () => {
    const policy = new RetryPolicy(POLLING_RETRIES, DEFAULT_SCHEDULE);
    policy.failed('a', transient);
    policy.failed('a', transient);
    policy.failed('b', transient);
    policy.answered('a');
    expect(policy.failed('a', transient)).toEqual({ kind: 'back-off', waitMs: 5 * S });
    expect(policy.failed('b', transient)).toEqual({ kind: 'back-off', waitMs: 10 * S });
  });

  it('never retries an answer: not found, a refused key', () => {
    for (const limits of [POLLING_RETRIES, SUBMISSION_RETRIES, ONE_ANSWER_RETRIES]) {
      expect(
        retriesFor(limits, [
          { kind: 'not_found', message: 'No request found for this requestId.' },
          { kind: 'auth', message: 'Your account cannot be authenticated.' },
        ]),
      ).toEqual([undefined, undefined]);
    }
  });

  it('retries a garbled answer while polling, which has time, but not for a one-off answer', () => {
    expect(retriesFor(POLLING_RETRIES, [proxyPage])).toEqual([{ kind: 'back-off', waitMs: 5 * S }]);
    expect(retriesFor(ONE_ANSWER_RETRIES, [proxyPage])).toEqual([undefined]);
  });

  it('submits a URL three times at most through 429s, and never again after a lost answer', () => {
    expect(
      retriesFor(SUBMISSION_RETRIES, [tooMany(3 * S), tooMany(3 * S), tooMany(3 * S)]),
    ).toEqual([{ kind: 'hold', waitMs: 3 * S }, { kind: 'hold', waitMs: 3 * S }, undefined]);
    // The purge may have been accepted: a second try could spend two of the month's purges.
    expect(retriesFor(SUBMISSION_RETRIES, [transient])).toEqual([undefined]);
    expect(retriesFor(SUBMISSION_RETRIES, [noAnswer])).toEqual([undefined]);
    // Refused before anything was sent: ImageKit never saw it, so it is tried again (3 tries).
    const refused: ApiError = { ...noAnswer, notSent: true };
    expect(retriesFor(SUBMISSION_RETRIES, [refused, refused, refused])).toEqual([
      { kind: 'back-off', waitMs: 5 * S },
      { kind: 'back-off', waitMs: 10 * S },
      undefined,
    ]);
  });

  it('gives `status` three tries through transient failures and ten 429 waits per ID', () => {
    expect(retriesFor(ONE_ANSWER_RETRIES, [transient, transient, transient])).toEqual([
      { kind: 'back-off', waitMs: 5 * S },
      { kind: 'back-off', waitMs: 10 * S },
      undefined,
    ]);
    const waits = retriesFor(ONE_ANSWER_RETRIES, Array(11).fill(tooMany(500)));
    expect(waits.filter((r) => r?.kind === 'hold')).toHaveLength(10);
    expect(waits.at(-1)).toBeUndefined();
  });

  it('scales its back-off with the schedule it is given (the CLI under test)', () => {
    const policy = new RetryPolicy(ONE_ANSWER_RETRIES, { errorBackoffMs: 50, maxIntervalMs: 80 });
    expect([policy.failed('id', transient), policy.failed('id', transient)]).toEqual([
      { kind: 'back-off', waitMs: 50 },
      { kind: 'back-off', waitMs: 80 },
    ]);
  });
});
