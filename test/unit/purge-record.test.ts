// The stored record's shape, declared once in src/shared/purge.ts: the reader of a store file
// that an earlier version wrote, a person edited or a crash cut short.
import { describe, expect, it } from 'vitest';
import { PURGE_REQUEST } from '../../src/shared/purge';
import type { PurgeRequest } from '../../src/shared/purge';
import { INVALID } from '../../src/shared/record-shape';

const RECORD: PurgeRequest = {
  requestId: '598821f949c0a938d57563bd',
  url: 'https://ik.imagekit.io/acme/a.png',
  state: 'pending',
  status: 'Pending',
  submittedAt: 1_700_000_000_000,
  addedAt: 1_700_000_001_000,
  lastCheckedAt: 1_700_000_005_000,
  checks: 1,
  lastError: { kind: 'transient', message: 'ECONNRESET', at: 1_700_000_005_000 },
};

function without(record: object, ...fields: string[]): object {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !fields.includes(key)));
}

describe('reading a stored purge record', () => {
  it('takes a record that holds as it is (the same object)', () => {
    expect(PURGE_REQUEST.read(RECORD)).toBe(RECORD);
  });

  it.each(['requestId', 'state', 'status', 'submittedAt', 'addedAt', 'checks'])(
    'refuses a record without %s',
    (field) => {
      expect(PURGE_REQUEST.read(without(RECORD, field))).toBe(INVALID);
    },
  );

  it.each([
    ['a state no version wrote', { state: 'weird' }],
    ['a fractional check count', { checks: 1.5 }],
    ['a time that is not a number', { submittedAt: '2024-01-01' }],
    ['a URL that is not text', { url: 42 }],
    ['a last error of an unknown kind', { lastError: { ...RECORD.lastError, kind: 'boom' } }],
    ['a last error without its time', { lastError: { kind: 'auth', message: 'refused' } }],
  ])('refuses %s', (_what, change) => {
    expect(PURGE_REQUEST.read({ ...RECORD, ...change })).toBe(INVALID);
  });

  it('takes a completed purge with its pre-purge probe and its CDN verdict, as they are', () => {
    const seen = { url: RECORD.url!, checkedAt: 1_700_000_060_000, httpStatus: 200, age: 7200 };
    const checked = {
      ...RECORD,
      state: 'completed',
      before: { ...seen, etag: '"v1"', length: 1024 },
      freshness: {
        verdict: 'stale',
        seen: { ...seen, pop: 'FRA56-P1' },
        contentChanged: false,
        since: 1,
        checks: 7,
      },
    };
    expect(PURGE_REQUEST.read(checked)).toBe(checked);
    expect(
      PURGE_REQUEST.read({ ...checked, freshness: { verdict: 'checking', since: 1, checks: 0 } }),
    ).not.toBe(INVALID);
  });

  it.each([
    ['a verdict no version wrote', { verdict: 'maybe', since: 1, checks: 1 }],
    [
      'a content change that is not true or false',
      { verdict: 'fresh', contentChanged: 'yes', since: 1, checks: 1 },
    ],
    ['an answer without its time', { verdict: 'fresh', seen: { url: 'x' }, since: 1, checks: 1 }],
  ])('refuses a CDN check with %s', (_what, freshness) => {
    expect(PURGE_REQUEST.read({ ...RECORD, freshness })).toBe(INVALID);
  });

  it('refuses what is not a record', () => {
    for (const value of [null, 'a purge', 42, [RECORD]]) {
      expect(PURGE_REQUEST.read(value)).toBe(INVALID);
    }
  });

  it('takes a record without its optional fields', () => {
    const bare = without(RECORD, 'url', 'lastCheckedAt', 'lastError');
    expect(PURGE_REQUEST.read(bare)).toEqual(bare);
  });

  it("reads an earlier version's 'not-found' and 'given-up' as today's spelling, in a copy", () => {
    const old = { ...RECORD, state: 'given-up' };
    expect(PURGE_REQUEST.read(old)).toEqual({ ...RECORD, state: 'given_up' });
    expect(old.state).toBe('given-up');
    expect(PURGE_REQUEST.read({ ...RECORD, state: 'not-found' })).toMatchObject({
      state: 'not_found',
    });
  });

  it('keeps fields it does not know (written by a newer version)', () => {
    const newer = { ...RECORD, account: 'staging' };
    expect(PURGE_REQUEST.read(newer)).toEqual(newer);
  });
});
