// What a CDN's answer says about its copy, read from headers that are untrusted input: `Age`
// must be whole seconds (RFC 9111's delta-seconds; "-5", "NaN", "1e20" or two values are no
// age), X-Cache is classified by its first word, and every text kept passes
// core/imagekit/server-text.ts and a length cap. Pure: headers in, a CdnAnswer's fields out.
import type { CdnAnswer } from '../../shared/purge';
import { safeServerText } from '../imagekit/server-text';

/** What X-Cache says the edge did: served its copy, revalidated it, or fetched a new one. */
type CacheOutcome = 'hit' | 'refresh-hit' | 'miss' | 'other';

/** The headers of one answer, read. Texts are safe to show; `age` is whole seconds. */
export type CacheHeaders = Omit<CdnAnswer, 'url' | 'checkedAt' | 'httpStatus'> & {
  /** What X-Cache's first word says (undefined without X-Cache). */
  outcome?: CacheOutcome;
  /** An `Age` header was sent but is not a number of seconds. */
  unreadableAge?: true;
};

/** RFC 9111 §1.2.2: a delta-seconds too large to hold is taken as 2^31. */
export const MAX_AGE_SECONDS = 2_147_483_648;
/** Longest header text kept (an ETag is rarely over 100 characters). */
const MAX_HEADER_CHARS = 200;
/** An edge's name as CloudFront spells it ("FRA56-P1"); anything else names no edge. */
const EDGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** Reads only what it needs from `headers` (a fetch Response's, or any lookup by name). */
export function readCacheHeaders(headers: { get(name: string): string | null }): CacheHeaders {
  const read: CacheHeaders = {};
  const age = headers.get('age');
  if (age !== null) {
    const seconds = deltaSeconds(age);
    if (seconds === undefined) read.unreadableAge = true;
    else read.age = seconds;
  }
  const cache = shown(headers.get('x-cache'));
  if (cache !== undefined) {
    read.cache = cache;
    read.outcome = cacheOutcome(cache);
  }
  const pop = shown(headers.get('x-amz-cf-pop'));
  if (pop !== undefined && EDGE_NAME.test(pop)) read.pop = pop;
  const etag = shown(headers.get('etag'));
  if (etag !== undefined) read.etag = etag;
  const lastModified = shown(headers.get('last-modified'));
  if (lastModified !== undefined) read.lastModified = lastModified;
  const length = headers.get('content-length');
  if (length !== null && /^\d{1,15}$/.test(length.trim())) read.length = Number(length.trim());
  return read;
}

/** Whole seconds, or undefined when the value is not one number of them. */
function deltaSeconds(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return undefined;
  return Math.min(Number(text), MAX_AGE_SECONDS);
}

/** "Hit from cloudfront" → hit; Varnish's and Fastly's "HIT", "MISS, MISS" too. */
function cacheOutcome(value: string): CacheOutcome {
  const word = /^[a-z]+/i.exec(value)?.[0]?.toLowerCase();
  if (word === 'hit') return 'hit';
  if (word === 'refreshhit') return 'refresh-hit';
  if (word === 'miss') return 'miss';
  return 'other';
}

function shown(value: string | null): string | undefined {
  if (value === null) return undefined;
  const text = safeServerText(value, [], MAX_HEADER_CHARS);
  return text === '' ? undefined : text;
}
