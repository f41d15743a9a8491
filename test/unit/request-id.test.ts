import { describe, expect, it } from 'vitest';
import {
  isRequestId,
  plausibleSubmissionTime,
  requestIdTimestamp,
} from '../../src/core/input/request-id';

const ID = '598821f949c0a938d57563bd';

describe('isRequestId', () => {
  it('accepts only the canonical 24 lowercase hex form', () => {
    expect(isRequestId(ID)).toBe(true);
    expect(isRequestId(ID.toUpperCase())).toBe(false);
    expect(isRequestId(ID.slice(1))).toBe(false);
    expect(isRequestId(` ${ID}`)).toBe(false);
  });
});

describe('requestIdTimestamp', () => {
  it('decodes the ObjectId time of the documented example to 7 August 2017', () => {
    expect(new Date(requestIdTimestamp(ID)!).toISOString()).toBe('2017-08-07T08:16:57.000Z');
  });

  it('decodes uppercase IDs the same and refuses non-IDs', () => {
    expect(requestIdTimestamp(ID.toUpperCase())).toBe(requestIdTimestamp(ID));
    expect(requestIdTimestamp('not-an-id')).toBeUndefined();
    expect(requestIdTimestamp(`${ID}0`)).toBeUndefined();
  });
});

describe('plausibleSubmissionTime', () => {
  const submitted = Date.UTC(2024, 4, 1, 12, 0, 0);
  const id = `${(submitted / 1000).toString(16)}a1b2c3d4e5f6a7b8`;
  const MINUTE = 60_000;
  const DAY = 24 * 60 * MINUTE;

  it('returns the decoded time for a purge submitted a few minutes ago', () => {
    expect(plausibleSubmissionTime(id, submitted + 5 * MINUTE)).toBe(submitted);
  });

  it('allows a little clock skew but not a time in the future', () => {
    expect(plausibleSubmissionTime(id, submitted - MINUTE)).toBe(submitted);
    expect(plausibleSubmissionTime(id, submitted - 10 * MINUTE)).toBeUndefined();
  });

  it('refuses a time older than the maximum age (30 days by default)', () => {
    expect(plausibleSubmissionTime(id, submitted + 29 * DAY)).toBe(submitted);
    expect(plausibleSubmissionTime(id, submitted + 31 * DAY)).toBeUndefined();
    expect(plausibleSubmissionTime(id, submitted + 2 * DAY, DAY)).toBeUndefined();
  });

  it('refuses IDs whose time is not a time, like all zeros', () => {
    expect(plausibleSubmissionTime('000000000000000000000000', submitted)).toBeUndefined();
    expect(plausibleSubmissionTime('bogus', submitted)).toBeUndefined();
  });
});
