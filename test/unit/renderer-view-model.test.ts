// What a row of the window says about a purge, and what adding or purging reports.
import { describe, expect, it } from 'vitest';
import type { PurgeRequest } from '../../src/shared/purge';
import { addOutcome, purgeUrlsOutcome } from '../../src/renderer/outcome-text';
import { purgeName, rowIdentity } from '../../src/renderer/row-identity';
import {
  errorDetail,
  errorInWords,
  keyStatusText,
  rowText,
  rowTimes,
} from '../../src/renderer/view-model';
import { summarizeDurations } from '../../src/shared/duration-estimate';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const ID = '598821f949c0a938d57563bd';

function purge(patch: Partial<PurgeRequest> = {}): PurgeRequest {
  return {
    requestId: ID,
    state: 'pending',
    status: '',
    submittedAt: T0,
    addedAt: T0,
    checks: 0,
    ...patch,
  };
}

describe('rowText', () => {
  it('names each state in words, with retrying split out of pending, each fact once', () => {
    const pending = rowText(purge({ checks: 2, status: 'Pending' }));
    expect(pending.statusWord).toBe('Pending');
    expect(pending.error).toBeUndefined(); // no "ImageKit: Pending" under "Pending"
    const retrying = rowText(
      purge({ lastError: { kind: 'transient', message: 'Service unavailable', at: T0 } }),
    );
    expect(retrying.kind).toBe('retrying');
    expect(retrying.statusWord).toBe('Retrying');
    // One plain sentence; the server's technical words only in the row's full text.
    expect(retrying.error).toBe('ImageKit could not be reached.');
    expect(retrying.fullText).toContain('Details: Service unavailable');
    expect(rowText(purge({ state: 'completed' })).statusWord).toBe('Completed');
    expect(rowText(purge({ state: 'not_found' })).error).toBe(
      'ImageKit has no purge with this request ID: check the ID and its account.',
    );
    expect(rowText(purge({ state: 'given_up' })).error).toBe(
      'Still pending when checks ended: resume to check again.',
    );
  });

  it('says an HTTP 503 is an answer from ImageKit, not a network that could not reach it', () => {
    const answered = purge({
      lastError: { kind: 'transient', message: 'Service unavailable', at: T0, httpStatus: 503 },
    });
    expect(rowText(answered).error).toBe('ImageKit answered with an error (HTTP 503).');
    const unreachable = purge({
      lastError: { kind: 'transient', message: 'Could not reach ImageKit: ECONNREFUSED.', at: T0 },
    });
    expect(rowText(unreachable).error).toBe('ImageKit could not be reached.');
  });

  it('gives the detail bar the request ID first, then the account, the URL and the problem', () => {
    const text = rowText(
      purge({
        account: 'staging',
        url: 'https://ik.imagekit.io/a/b.jpg',
        lastError: { kind: 'transient', message: 'socket hang up', at: T0 },
      }),
      { waitingForKey: false, showAccounts: true },
    );
    expect(text.detailLines).toEqual([
      `Request ID ${ID}`,
      'Account: staging',
      'https://ik.imagekit.io/a/b.jpg',
      'ImageKit could not be reached.',
      'Details: socket hang up',
    ]);
    expect(text.fullText).toBe(text.detailLines.join(' · '));
  });

  it('names the account with several, "looking up…" while it is asked, and nothing with one', () => {
    const staging = purge({ account: 'staging' });
    expect(rowText(staging).account).toBeUndefined();
    expect(rowText(staging).label).toBe(`Pending: request ${ID}`);
    const several = { waitingForKey: false, showAccounts: true };
    expect(rowText(staging, several).account).toBe('staging');
    expect(rowText(staging, several).label).toBe(`Pending: request ${ID}, account staging`);
    expect(rowText(staging, several).fullText).toContain('· Account: staging');
    expect(rowText(purge({ account: 'production', accountLookup: true }), several).account).toBe(
      'looking up…',
    );
  });

  it('a purge waiting for its key is "On hold", in its name and its words, only in the accounts whose key is missing or refused', () => {
    const held = { waitingForKey: false, accountsOnHold: ['staging'] };
    const staging = rowText(purge({ account: 'staging' }), held);
    expect([staging.kind, staging.statusWord, staging.error]).toEqual([
      'held',
      'On hold',
      'Waiting for its private key.',
    ]);
    expect(staging.label).toBe(`On hold: request ${ID}, waiting for its private key`);
    expect(rowText(purge({ account: 'production' }), held).kind).toBe('pending');
    // Still being looked up: asked of the next account, not waiting for this one's key.
    expect(rowText(purge({ account: 'staging', accountLookup: true }), held).kind).toBe('pending');
    expect(rowText(purge({ account: 'production' }), { waitingForKey: true }).kind).toBe('held');
    // Only a pending purge waits.
    expect(rowText(purge({ state: 'completed' }), { waitingForKey: true }).kind).toBe('completed');
  });

  it('offers the actions that make sense for the state', () => {
    const pending = rowText(purge());
    expect([pending.canCheckNow, pending.canResume, pending.canOpen]).toEqual([true, false, false]);
    const givenUp = rowText(purge({ state: 'given_up', url: 'https://ik.imagekit.io/a/b.jpg' }));
    expect([givenUp.canCheckNow, givenUp.canResume, givenUp.canOpen]).toEqual([false, true, true]);
    expect(rowText(purge({ url: 'javascript:alert(1)' })).canOpen).toBe(false);
  });

  it('labels the row with its status and what was purged', () => {
    expect(rowText(purge()).label).toBe(`Pending: request ${ID}`);
    expect(rowText(purge({ state: 'completed', url: 'https://x.test/a.png' })).label).toBe(
      'Completed: https://x.test/a.png',
    );
  });
});

describe('rowTimes', () => {
  it('shows the time to complete of a completed purge, from its submission', () => {
    const times = rowTimes(
      purge({
        state: 'completed',
        completedAt: T0 + 72_000,
        lastCheckedAt: T0 + 72_000,
        checks: 9,
      }),
      T0 + 10 * 60_000,
    );
    expect(times).toEqual({
      added: '10m ago',
      duration: '1m 12s',
      durationLabel: 'to complete',
      slow: false,
      lastChecked: '8m ago',
      checks: '9 checks',
    });
  });

  it('counts up a pending purge and says once that it was not checked yet', () => {
    const times = rowTimes(purge(), T0 + 45_000);
    expect(times.duration).toBe('45s');
    expect(times.durationLabel).toBe('so far');
    expect(times.lastChecked).toBe('Not yet');
    expect(times.checks).toBe(''); // not "Never · 0 checks"
    expect(rowTimes(purge({ checks: 1 }), T0).checks).toBe('1 check');
  });

  it("gives a pending purge this account's usual range, then says it is taking longer", () => {
    const durations = summarizeDurations([70, 90, 100, 120, 150, 160, 170].map((s) => s * 1000));
    expect(rowTimes(purge(), T0 + 30_000, durations)).toMatchObject({
      duration: '30s',
      durationLabel: 'usually 1–3 min',
      slow: false,
    });
    expect(rowTimes(purge(), T0 + 4 * 60_000, durations)).toMatchObject({
      durationLabel: 'longer than usual',
      slow: true,
    });
    // On hold: not checked, so no estimate.
    expect(rowTimes(purge(), T0 + 30_000, durations, true)).toMatchObject({
      durationLabel: 'so far',
      slow: false,
    });
    // Too little history: nothing but the time so far.
    const few = summarizeDurations([70_000, 90_000, 100_000, 120_000]);
    expect(rowTimes(purge(), T0 + 30_000, few).durationLabel).toBe('so far');
    expect(
      rowTimes(purge({ state: 'completed', completedAt: T0 + 9_000 }), T0, durations),
    ).toMatchObject({
      durationLabel: 'to complete',
      slow: false,
    });
  });

  it('shows no duration for a purge ImageKit does not know', () => {
    expect(rowTimes(purge({ state: 'not_found' }), T0).duration).toBe('—');
  });
});

describe('errorInWords', () => {
  it('says one plain sentence, never an internal code or the same thing twice', () => {
    const socket = {
      kind: 'transient',
      message: 'Could not reach ImageKit: UND_ERR_SOCKET.',
    } as const;
    expect(errorInWords(socket)).toBe('ImageKit could not be reached.');
    expect(errorDetail(socket)).toBe('Could not reach ImageKit: UND_ERR_SOCKET.');
    expect(errorInWords({ kind: 'auth', message: 'Your account cannot be authenticated.' })).toBe(
      'ImageKit refused the private key.',
    );
    expect(errorInWords({ kind: 'protocol', message: '' })).toBe(
      'ImageKit sent an answer Purge Watch does not understand.',
    );
  });

  it("keeps ImageKit's reason for refusing a request: it says what to fix", () => {
    expect(errorInWords({ kind: 'rejected', message: 'Invalid URL provided' })).toBe(
      'ImageKit refused the request: Invalid URL provided.',
    );
  });
});

describe('rowIdentity', () => {
  it('names a URL by its file, with host and folders muted, split for truncation in the middle', () => {
    const identity = rowIdentity({
      requestId: ID,
      url: 'https://ik.imagekit.io/acme/banners/2026/spring-sale-hero-wide%402x.png?tr=w-400',
    });
    expect(identity.title.join('')).toBe('spring-sale-hero-wide@2x.png?tr=w-400');
    expect(identity.title[1]).toHaveLength(10);
    expect(identity.place).toEqual(['ik.imagekit.io/acme/banners/', '2026/']);
    expect(identity.byId).toBe(false);
    expect(purgeName({ requestId: ID, url: 'https://ik.imagekit.io/acme/logo.svg' })).toBe(
      'logo.svg',
    );
  });

  it('titles a purge tracked by ID with the ID, keeping its end in view', () => {
    const identity = rowIdentity({ requestId: ID, url: undefined });
    expect(identity).toEqual({
      title: ['598821f949c0a938', 'd57563bd'],
      place: undefined,
      byId: true,
    });
    expect(purgeName({ requestId: ID, url: undefined })).toBe(ID);
  });
});

describe('a completed URL purge checked at the CDN', () => {
  const URL_ = 'https://ik.imagekit.io/acme/hero.jpg';
  const seen = { url: URL_, checkedAt: T0 + 60_000, httpStatus: 200, pop: 'FRA56-P1' };
  const checked = (freshness: PurgeRequest['freshness']) =>
    rowText(purge({ state: 'completed', status: 'Completed', url: URL_, freshness }));

  it.each([
    [
      'fresh',
      { verdict: 'fresh', seen: { ...seen, cache: 'Miss from cloudfront' }, contentChanged: true },
      'Fresh at FRA56-P1',
      'Completed · fresh',
      'CDN spot check: Fresh at FRA56-P1 · X-Cache: Miss from cloudfront · x-amz-cf-pop: FRA56-P1 · new content',
    ],
    [
      'stale',
      {
        verdict: 'stale',
        seen: { ...seen, cache: 'Hit from cloudfront', age: 7200, etag: '"v1"' },
      },
      'FRA56-P1 still serves the old copy (a copy from 2h ago).',
      'Completed, but FRA56-P1 still serves the old copy',
      'FRA56-P1 still serves the old copy (a copy from 2h ago). · CDN spot check: X-Cache: Hit from cloudfront · Age: 7200 · x-amz-cf-pop: FRA56-P1',
    ],
    [
      // A CDN's absurd Age (10^23 s, kept as 2^31 s): not "24855d ago".
      'stale, an absurd Age',
      { verdict: 'stale', seen: { ...seen, cache: 'Hit from cloudfront', age: 2 ** 31 } },
      'FRA56-P1 still serves the old copy (a copy from over a year ago).',
      'Completed, but FRA56-P1 still serves the old copy',
      'FRA56-P1 still serves the old copy (a copy from over a year ago). · CDN spot check:',
    ],
    [
      'a wildcard',
      { verdict: 'unknown', reason: 'not checked: wildcard' },
      'Not checked: wildcard',
      'Completed · not checked: wildcard',
      'CDN spot check: Not checked: wildcard',
    ],
    [
      'checking',
      { verdict: 'checking' },
      'Checking the CDN…',
      'Completed · checking the CDN…',
      undefined,
    ],
  ] as const)(
    '%s: the row says so and its details show the headers that decided it',
    (_what, verdict, detail, label, details) => {
      const text = checked({ ...verdict, since: T0, checks: 1 });
      expect(text.statusWord).toBe('Completed');
      expect(text.error).toBe(detail); // the row's second line
      expect(text.label).toBe(`${label}: ${URL_}`);
      expect(text.freshness).toBe(verdict.verdict);
      if (details === undefined) expect(text.fullText).not.toContain('CDN spot check');
      else expect(text.fullText).toContain(details);
    },
  );

  it('an unchecked completed purge reads as before', () => {
    const text = checked(undefined);
    expect(text.error).toBeUndefined();
    expect(text.label).toBe(`Completed: ${URL_}`);
    expect(text.freshness).toBeUndefined();
  });
});

describe('addOutcome', () => {
  it('counts added, already tracked and rejected entries, and lists why each was rejected', () => {
    const outcome = addOutcome({
      added: ['a', 'b'],
      alreadyTracked: ['c'],
      rejected: [
        {
          text: '598821f949c0a938d57563b',
          reason: '23 characters; a request ID has 24 hex characters',
        },
      ],
      persisted: true,
    });
    expect(outcome.summary).toBe('Added 2 purges, 1 already tracked, 1 entry rejected.');
    expect(outcome.tone).toBe('warning');
    expect(outcome.details).toEqual([
      '“598821f949c0a938d57563b”: 23 characters; a request ID has 24 hex characters',
    ]);
  });

  it('is good news when all went in, and an error when nothing was found', () => {
    expect(addOutcome({ added: ['a'], alreadyTracked: [], rejected: [], persisted: true })).toEqual(
      {
        tone: 'success',
        summary: 'Added 1 purge.',
        details: [],
      },
    );
    expect(
      addOutcome({ added: [], alreadyTracked: [], rejected: [], persisted: true }).summary,
    ).toBe('No request IDs found in that text.');
  });

  it('warns when the purges could not be saved to disk', () => {
    const outcome = addOutcome({
      added: ['a'],
      alreadyTracked: [],
      rejected: [],
      persisted: false,
    });
    expect(outcome.tone).toBe('warning');
    expect(outcome.details[0]).toMatch(/could not be saved/);
  });
});

describe('purgeUrlsOutcome', () => {
  it('reports purged, failed and rejected URLs', () => {
    const outcome = purgeUrlsOutcome({
      results: [
        { url: 'https://x.test/a.jpg', requestId: ID },
        {
          url: 'https://x.test/b.jpg',
          error: { kind: 'rejected', message: 'The URL is not valid for cache purging.' },
        },
      ],
      rejected: [{ text: 'ftp://x', reason: 'not an http(s) URL' }],
    });
    expect(outcome.summary).toBe(
      'Purge requested for 1 URL, now tracked, 1 URL failed, 1 entry rejected.',
    );
    expect(outcome.details).toEqual([
      'https://x.test/b.jpg: ImageKit refused the request: The URL is not valid for cache purging.',
      '“ftp://x”: not an http(s) URL',
    ]);
  });

  it("warns that an image's path transformations keep their cache: one line per URL, or for them all", () => {
    const warning = 'Path transformations keep their old copies.';
    const one = purgeUrlsOutcome({
      results: [{ url: 'https://x.test/a.jpg', requestId: ID, warning }],
      rejected: [],
    });
    expect(one.tone).toBe('warning');
    expect(one.details).toEqual([`https://x.test/a.jpg: ${warning}`]);
    const three = purgeUrlsOutcome({
      results: ['a', 'b', 'c'].map((n) => ({
        url: `https://x.test/${n}.jpg`,
        requestId: ID,
        warning,
      })),
      rejected: [],
    });
    expect(three.details).toEqual([`3 images or videos: ${warning}`]);
  });
});

describe('keyStatusText', () => {
  it('says where the key is, never what it is', () => {
    expect(
      keyStatusText({ account: 'default', source: 'keychain', keychain: 'the macOS Keychain' }),
    ).toBe('Stored in the macOS Keychain');
    expect(keyStatusText({ account: 'default', source: 'none', keychain: 'k' })).toBe('Not set');
    expect(keyStatusText({ account: 'default', source: 'environment', keychain: 'k' })).toMatch(
      /IMAGEKIT_PRIVATE_KEY/,
    );
  });
});
