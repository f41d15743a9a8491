// How a stale answer is checked again, in virtual time: a growing gap (5 s, 10 s, 20 s, then
// every 30 s) until the edge serves a fresh copy or 2 minutes have passed since the first
// request; a stop ends it with what was found so far. The CDN is a script of answers.
import { describe, expect, it } from 'vitest';
import type { DeliveryFetch, FreshnessPorts } from '../../src/core/freshness/freshness-check';
import { verifyFreshness } from '../../src/core/freshness/freshness-check';
import { settle, VirtualClock } from '../support/virtual-clock';

const URL_ = 'https://ik.imagekit.io/acme/a.jpg';
type Answer = 'stale' | 'fresh';

/** A CDN answering from `script` (its last answer repeats), recording when it was asked. */
function scriptedCdn(clock: VirtualClock, script: Answer[]) {
  const askedAt: number[] = [];
  const fetch: DeliveryFetch = async () => {
    askedAt.push(clock.monotonic());
    const answer = script[Math.min(askedAt.length - 1, script.length - 1)];
    return new Response('body', {
      headers:
        answer === 'fresh'
          ? { 'X-Cache': 'Miss from cloudfront', 'x-amz-cf-pop': 'FRA56-P1' }
          : { 'X-Cache': 'Hit from cloudfront', Age: '7200', 'x-amz-cf-pop': 'FRA56-P1' },
    });
  };
  return { askedAt, fetch };
}

function ports(clock: VirtualClock, fetch: DeliveryFetch, signal?: AbortSignal): FreshnessPorts {
  return { fetch, clock, userAgent: 'test', ...(signal ? { signal } : {}) };
}

async function run<T>(clock: VirtualClock, promise: Promise<T>, ms: number): Promise<T> {
  let done = false;
  void promise.finally(() => (done = true));
  await clock.advanceUntil(() => done, ms, 1_000);
  await settle();
  return promise;
}

describe('re-checking a stale edge', () => {
  it('asks again after 5 s, then 10 s, until the copy is fresh', async () => {
    const clock = new VirtualClock();
    const cdn = scriptedCdn(clock, ['stale', 'stale', 'fresh']);
    const result = await run(
      clock,
      verifyFreshness({ url: URL_, submittedAt: clock.now() }, ports(clock, cdn.fetch)),
      60_000,
    );
    expect(result).toMatchObject({ verdict: 'fresh', checks: 3, seen: { pop: 'FRA56-P1' } });
    expect(cdn.askedAt).toEqual([0, 5_000, 15_000]);
  });

  it('says stale once 2 minutes have passed: gaps of 5, 10, 20, then 30 s, the last cut to the bound', async () => {
    const clock = new VirtualClock();
    const cdn = scriptedCdn(clock, ['stale']);
    const result = await run(
      clock,
      verifyFreshness({ url: URL_, submittedAt: clock.now() }, ports(clock, cdn.fetch)),
      10 * 60_000,
    );
    expect(result).toMatchObject({ verdict: 'stale', checks: 7, seen: { age: 7200 } });
    expect(cdn.askedAt).toEqual([0, 5_000, 15_000, 35_000, 65_000, 95_000, 120_000]);
  });

  it('counts the bound from when the check began, after a restart', async () => {
    const clock = new VirtualClock();
    const cdn = scriptedCdn(clock, ['stale']);
    const since = clock.now() - 110_000;
    const result = await run(
      clock,
      verifyFreshness({ url: URL_, submittedAt: since, since }, ports(clock, cdn.fetch)),
      10 * 60_000,
    );
    // 10 s were left: asked at once, after 5 s, and when the bound came (5 s later).
    expect(result).toMatchObject({ verdict: 'stale', checks: 3, since });
    expect(cdn.askedAt).toEqual([0, 5_000, 10_000]);
  });

  it('a stop ends the wait at once, with the stale answer found so far', async () => {
    const clock = new VirtualClock();
    const cdn = scriptedCdn(clock, ['stale']);
    const stop = new AbortController();
    const checking = verifyFreshness(
      { url: URL_, submittedAt: clock.now() },
      ports(clock, cdn.fetch, stop.signal),
    );
    await clock.advance(6_000);
    stop.abort();
    const result = await checking;
    expect(result).toMatchObject({ verdict: 'stale', checks: 2 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('asks once when the answer is fresh or unknown', async () => {
    const clock = new VirtualClock();
    let asked = 0;
    const unknown: DeliveryFetch = async () => (asked++, new Response('no cache headers'));
    const result = await run(
      clock,
      verifyFreshness({ url: URL_, submittedAt: clock.now() }, ports(clock, unknown)),
      60_000,
    );
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'no cache headers', checks: 1 });
    expect(asked).toBe(1);
  });
});
