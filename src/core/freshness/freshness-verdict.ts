// Whether a purged URL is fresh at the edge that answered, from that answer alone. Pure; tested
// as data. CloudFront's facts: a miss fetched a new copy, a refresh hit revalidated its copy
// with the origin, and a hit's `Age` says how long the edge has held its copy: a copy held since
// before the purge was submitted (30 s of clock skew allowed) is the old one. A check sees one
// edge, the nearest: a spot check on top of ImageKit's "Completed", not a proof for every edge.
import type { CdnAnswer, FreshnessVerdict } from '../../shared/purge';
import type { CacheHeaders } from './cache-headers';

/** How far the machine's clock and the CDN's may disagree before a copy counts as old. */
export const CLOCK_SKEW_MS = 30_000;

/** What one request to the CDN came back with: the answer's headers, or why there was none. */
export type DeliveryAnswer =
  | { ok: true; httpStatus: number; headers: CacheHeaders; checkedAt: number }
  | { ok: false; problem: string; checkedAt: number };

interface Verdict {
  verdict: FreshnessVerdict;
  /** For `unknown`: why, in words. */
  reason?: string;
}

/**
 * The verdict on `answer` for a purge submitted at `submittedAt` (epoch ms, the machine's
 * clock): fresh, stale (the edge still holds a copy from before), or unknown.
 */
export function freshnessVerdict(
  answer: DeliveryAnswer,
  submittedAt: number,
  skewMs = CLOCK_SKEW_MS,
): Verdict {
  if (!answer.ok) return unknown(answer.problem);
  if (answer.httpStatus < 200 || answer.httpStatus > 299) {
    return unknown(`the CDN answered HTTP ${answer.httpStatus}`);
  }
  const { outcome, age, unreadableAge, cache } = answer.headers;
  switch (outcome) {
    case 'miss':
    case 'refresh-hit':
      return { verdict: 'fresh' };
    case 'other':
      return unknown(`X-Cache says "${cache}"`);
    case 'hit':
    case undefined:
      if (age !== undefined) {
        const heldSince = answer.checkedAt - age * 1000;
        return { verdict: heldSince >= submittedAt - skewMs ? 'fresh' : 'stale' };
      }
      if (unreadableAge) return unknown('the Age header is not a number of seconds');
      return unknown(outcome === 'hit' ? 'a hit without an Age header' : 'no cache headers');
  }
}

function unknown(reason: string): Verdict {
  return { verdict: 'unknown', reason };
}

/** The identity of a copy, as far as the headers tell it. */
type CopyIdentity = Pick<CdnAnswer, 'etag' | 'lastModified' | 'length'>;

/**
 * Whether the copy served now differs from the one probed before the purge: by ETag (weak or
 * strong alike), else Last-Modified, else a different length; undefined when nothing compares
 * (no probe, no common header, or only equal lengths, which prove nothing).
 */
export function contentChanged(
  before: CopyIdentity | undefined,
  now: CopyIdentity,
): boolean | undefined {
  if (!before) return undefined;
  if (before.etag !== undefined && now.etag !== undefined) {
    return strongForm(before.etag) !== strongForm(now.etag);
  }
  if (before.lastModified !== undefined && now.lastModified !== undefined) {
    return before.lastModified !== now.lastModified;
  }
  if (before.length !== undefined && now.length !== undefined && before.length !== now.length) {
    return true;
  }
  return undefined;
}

function strongForm(etag: string): string {
  return etag.replace(/^W\//, '');
}
