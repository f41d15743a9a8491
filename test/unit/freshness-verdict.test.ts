// The freshness verdict and the cache headers it reads, as data: what a CDN's answer says about
// a purged URL, whatever the headers hold.
import { describe, expect, it } from 'vitest';
import { MAX_AGE_SECONDS, readCacheHeaders } from '../../src/core/freshness/cache-headers';
import type { DeliveryAnswer } from '../../src/core/freshness/freshness-verdict';
import { contentChanged, freshnessVerdict } from '../../src/core/freshness/freshness-verdict';

const SUBMITTED = 1_800_000_000_000;
const CHECKED = SUBMITTED + 60_000; // a minute after the purge was submitted

function answer(headers: Record<string, string>, httpStatus = 200): DeliveryAnswer {
  return {
    ok: true,
    httpStatus,
    headers: readCacheHeaders(lookup(headers)),
    checkedAt: CHECKED,
  };
}

/** A lookup by lowercase name, as Headers does, for values `new Headers` would refuse. */
function lookup(headers: Record<string, string>) {
  const byName = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => byName.get(name) ?? null };
}

describe('the verdict on one answer from the CDN', () => {
  it.each([
    ['a miss (the edge fetched a new copy)', { 'X-Cache': 'Miss from cloudfront' }, 'fresh'],
    [
      'a refresh hit (revalidated)',
      { 'X-Cache': 'RefreshHit from cloudfront', Age: '9999' },
      'fresh',
    ],
    ['a hit held since after the purge', { 'X-Cache': 'Hit from cloudfront', Age: '40' }, 'fresh'],
    [
      'a hit held since 30 s before it (clock skew)',
      { 'X-Cache': 'Hit from cloudfront', Age: '90' },
      'fresh',
    ],
    ['a hit held since before it', { 'X-Cache': 'Hit from cloudfront', Age: '91' }, 'stale'],
    ['a hit from two hours ago', { 'X-Cache': 'Hit from cloudfront', Age: '7200' }, 'stale'],
    ['Varnish’s "HIT" with an old Age', { 'X-Cache': 'HIT', Age: '7200' }, 'stale'],
    ['only an Age, recent (another cache)', { Age: '3' }, 'fresh'],
    ['only an Age, old', { Age: '3600' }, 'stale'],
  ])('%s: %s', (_what, headers, verdict) => {
    expect(freshnessVerdict(answer(headers), SUBMITTED).verdict).toBe(verdict);
  });

  it.each([
    ['no cache headers at all', {}, 200, 'no cache headers'],
    ['a hit without Age', { 'X-Cache': 'Hit from cloudfront' }, 200, 'a hit without an Age header'],
    ['a 404', { 'X-Cache': 'Error from cloudfront' }, 404, 'the CDN answered HTTP 404'],
    [
      'a 500 that says miss',
      { 'X-Cache': 'Miss from cloudfront' },
      500,
      'the CDN answered HTTP 500',
    ],
    [
      'a redirect left unfollowed',
      { 'X-Cache': 'Redirect from cloudfront' },
      301,
      'the CDN answered HTTP 301',
    ],
    [
      'X-Cache "Error"',
      { 'X-Cache': 'Error from cloudfront' },
      200,
      'X-Cache says "Error from cloudfront"',
    ],
  ])('unknown for %s', (_what, headers, status, reason) => {
    expect(freshnessVerdict(answer(headers, status), SUBMITTED)).toEqual({
      verdict: 'unknown',
      reason,
    });
  });

  it('unknown for a network error, with its words', () => {
    const failed: DeliveryAnswer = {
      ok: false,
      problem: 'no answer within 10s',
      checkedAt: CHECKED,
    };
    expect(freshnessVerdict(failed, SUBMITTED)).toEqual({
      verdict: 'unknown',
      reason: 'no answer within 10s',
    });
  });
});

describe('hostile cache headers', () => {
  it.each(['-5', 'NaN', '1e20', '12.5', '5, 7', '', ' 0x10', 'Infinity'])(
    'an Age of %j is no age: a hit with it is unknown, never fresh',
    (age) => {
      const read = readCacheHeaders(lookup({ 'X-Cache': 'Hit from cloudfront', Age: age }));
      expect(read.age).toBeUndefined();
      expect(read.unreadableAge).toBe(true);
      const verdict = freshnessVerdict(
        { ok: true, httpStatus: 200, headers: read, checkedAt: CHECKED },
        SUBMITTED,
      );
      expect(verdict).toEqual({
        verdict: 'unknown',
        reason: 'the Age header is not a number of seconds',
      });
    },
  );

  it('an Age past any clock counts as 2^31 seconds (RFC 9111): stale, not a crash', () => {
    const read = readCacheHeaders(
      lookup({ 'X-Cache': 'Hit from cloudfront', Age: '99999999999999999999' }),
    );
    expect(read.age).toBe(MAX_AGE_SECONDS);
    expect(
      freshnessVerdict({ ok: true, httpStatus: 200, headers: read, checkedAt: CHECKED }, SUBMITTED)
        .verdict,
    ).toBe('stale');
  });

  it('keeps no control character, bidi mark or escape sequence in what it shows', () => {
    const read = readCacheHeaders(
      lookup({
        'X-Cache': 'Hit\u001b[2J from \u009bcloudfront\u0007',
        'x-amz-cf-pop': 'FRA56-P1',
        ETag: '"abc\u202e\u0085def"',
        'Last-Modified': 'Tue,\r\n 01 Jan',
      }),
    );
    expect(read.cache).toBe('Hit [2J from cloudfront');
    expect(read.outcome).toBe('hit');
    expect(read.etag).toBe('"abc def"');
    expect(read.lastModified).toBe('Tue, 01 Jan');
  });

  it('names no edge from an x-amz-cf-pop that is not an edge name', () => {
    for (const pop of ['FRA56\u202e-P1', 'FRA 56', 'x'.repeat(40), '\u001b[31mFRA']) {
      expect(readCacheHeaders(lookup({ 'x-amz-cf-pop': pop })).pop).toBeUndefined();
    }
    expect(readCacheHeaders(lookup({ 'x-amz-cf-pop': ' FRA56-P1 ' })).pop).toBe('FRA56-P1');
  });

  it('cuts a 100 KB header to what can be shown', () => {
    const read = readCacheHeaders(
      lookup({ 'X-Cache': `Hit from cloudfront ${'x'.repeat(100_000)}` }),
    );
    expect(read.cache!.length).toBeLessThanOrEqual(200);
    expect(read.outcome).toBe('hit');
  });

  it('reads Content-Length only as whole bytes', () => {
    expect(readCacheHeaders(lookup({ 'Content-Length': '1024' })).length).toBe(1024);
    for (const length of ['-1', '1e3', 'abc', '9'.repeat(30)]) {
      expect(readCacheHeaders(lookup({ 'Content-Length': length })).length).toBeUndefined();
    }
  });
});

describe('whether the content changed since the pre-purge probe', () => {
  it.each([
    ['a different ETag', { etag: '"a"' }, { etag: '"b"' }, true],
    ['the same ETag, weak or strong', { etag: 'W/"a"' }, { etag: '"a"' }, false],
    ['a different Last-Modified (no ETag)', { lastModified: 'Mon' }, { lastModified: 'Tue' }, true],
    ['the same Last-Modified', { lastModified: 'Mon' }, { lastModified: 'Mon' }, false],
    ['a different length only', { length: 10 }, { length: 11 }, true],
    ['the same length only (proves nothing)', { length: 10 }, { length: 10 }, undefined],
    ['nothing in common', { etag: '"a"' }, { lastModified: 'Mon' }, undefined],
  ])('%s: %s', (_what, before, now, changed) => {
    expect(contentChanged(before, now)).toBe(changed);
  });

  it('cannot say without a probe', () => {
    expect(contentChanged(undefined, { etag: '"a"' })).toBeUndefined();
  });
});
