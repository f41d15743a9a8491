// The freshness check over real HTTP against the fake ImageKit's CDN: what its nearest edge
// serves after a purge, re-checked while it is stale; redirects, bodies that never end, hostile
// headers; and that no request to the CDN carries a credential or costs an API request.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { FreshnessPorts } from '../../src/core/freshness/freshness-check';
import {
  BROWSER_ACCEPT,
  MAX_BODY_BYTES,
  probeBeforePurge,
  verifyFreshness,
} from '../../src/core/freshness/freshness-check';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { EDGE } from '../fake-imagekit/cdn';
import { deadBaseUrl } from '../cli/fixtures';
import { until } from '../support/until';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit();
});
afterAll(() => fake.close());
beforeEach(() => fake.resetRecords());

let paths = 0;
/** A path no other test has used (the CDN's cache is shared by the file's tests). */
const freshPath = (name = 'a.jpg') => `/acme/t${++paths}/${name}`;
const urlOf = (path: string) => `${fake.cdn.baseUrl}${path}`;

const ports = (extra: Partial<FreshnessPorts> = {}): FreshnessPorts => ({
  fetch: (url, init) => fetch(url, init),
  clock: systemClock,
  userAgent: 'purge-watch-test',
  recheck: { firstDelayMs: 50, maxDelayMs: 200, boundMs: 3_000 },
  timeoutMs: 3_000,
  ...extra,
});

/** Purges `path` on the fake; it completes `afterMs` later. Returns when it was submitted. */
function purge(path: string, afterMs = 0): number {
  fake.addPurge(objectIdAt(Date.now()), { url: urlOf(path), completeAfterMs: afterMs });
  return Date.now();
}

describe('the verdict after a purge', () => {
  it('fresh once the purge has completed: the edge fetched a new copy (a miss)', async () => {
    const path = freshPath();
    const submittedAt = purge(path);
    const result = await verifyFreshness({ url: urlOf(path), submittedAt }, ports());
    expect(result).toMatchObject({ verdict: 'fresh', checks: 1 });
    expect(result.seen).toMatchObject({
      httpStatus: 200,
      cache: 'Miss from cloudfront',
      pop: EDGE,
    });
    // Asked again, the edge holds the new copy: a hit, young enough.
    const again = await verifyFreshness({ url: urlOf(path), submittedAt }, ports());
    expect(again).toMatchObject({
      verdict: 'fresh',
      seen: { cache: 'Hit from cloudfront', pop: EDGE },
    });
  });

  it('stale while the purge has not cleared the edge: names the edge and the age', async () => {
    const path = freshPath();
    const result = await verifyFreshness(
      { url: urlOf(path), submittedAt: Date.now() },
      ports({ recheck: { firstDelayMs: 50, maxDelayMs: 100, boundMs: 400 } }),
    );
    expect(result.verdict).toBe('stale');
    expect(result.seen).toMatchObject({ cache: 'Hit from cloudfront', pop: EDGE });
    expect(result.seen!.age).toBeGreaterThanOrEqual(7200);
    // Checked again with backoff until the bound passed.
    expect(result.checks).toBeGreaterThan(2);
    expect(fake.cdn.requests).toHaveLength(result.checks);
  });

  it('stale, then fresh once the edge catches up: re-checked with backoff', async () => {
    const path = freshPath();
    fake.cdn.setMode(path, { kind: 'stale-edge', forMs: 500 });
    const submittedAt = purge(path);
    const result = await verifyFreshness({ url: urlOf(path), submittedAt }, ports());
    expect(result.verdict).toBe('fresh');
    expect(result.checks).toBeGreaterThan(1);
    const answers = fake.cdn.requests.length;
    expect(answers).toBe(result.checks);
  });

  it('says whether the content changed since the pre-purge probe', async () => {
    const changed = freshPath();
    const same = freshPath();
    const beforeChanged = await probeBeforePurge(urlOf(changed), ports());
    const beforeSame = await probeBeforePurge(urlOf(same), ports());
    expect(beforeChanged).toMatchObject({
      httpStatus: 200,
      etag: expect.any(String),
      length: expect.any(Number),
    });
    fake.cdn.publish(changed); // a new file at the origin, then its purge
    const at = purge(changed);
    purge(same);
    expect(
      await verifyFreshness(
        { url: urlOf(changed), submittedAt: at, before: beforeChanged! },
        ports(),
      ),
    ).toMatchObject({ verdict: 'fresh', contentChanged: true });
    expect(
      await verifyFreshness({ url: urlOf(same), submittedAt: at, before: beforeSame! }, ports()),
    ).toMatchObject({ verdict: 'fresh', contentChanged: false });
  });

  it('a wildcard purge is not checked: no request is sent', async () => {
    const result = await verifyFreshness(
      { url: urlOf('/acme/css/*'), submittedAt: Date.now() },
      ports(),
    );
    expect(result).toMatchObject({
      verdict: 'unknown',
      reason: 'not checked: wildcard',
      checks: 0,
    });
    expect(await probeBeforePurge(urlOf('/acme/css/*'), ports())).toBeUndefined();
    expect(fake.cdn.requests).toEqual([]);
  });

  it("a wildcard's completion clears every URL under its prefix", async () => {
    const folder = `/acme/t${++paths}/css/`;
    const submittedAt = Date.now();
    fake.addPurge(objectIdAt(submittedAt), { url: urlOf(`${folder}*`), completeAfterMs: 0 });
    for (const name of ['a.css', 'b/c.css']) {
      expect(
        await verifyFreshness({ url: urlOf(folder + name), submittedAt }, ports()),
      ).toMatchObject({
        verdict: 'fresh',
        seen: { cache: 'Miss from cloudfront' },
      });
    }
    const outside = freshPath('d.css');
    expect(
      (
        await verifyFreshness(
          { url: urlOf(outside), submittedAt },
          ports({ recheck: { firstDelayMs: 10, maxDelayMs: 10, boundMs: 0 } }),
        )
      ).verdict,
    ).toBe('stale');
  });
});

describe('answers that cannot say', () => {
  it.each([
    ['no cache headers', { kind: 'no-cache-headers' as const }, 'no cache headers'],
    ['a 404', { kind: 'not-found' as const }, 'the CDN answered HTTP 404'],
  ])('unknown for %s, checked once', async (_what, mode, reason) => {
    const path = freshPath();
    fake.cdn.setMode(path, mode);
    const result = await verifyFreshness({ url: urlOf(path), submittedAt: purge(path) }, ports());
    expect(result).toMatchObject({ verdict: 'unknown', reason, checks: 1 });
  });

  it.each([304, 429, 503])('unknown for an HTTP %i, even one that says miss', async (status) => {
    const path = freshPath();
    fake.cdn.setMode(path, { kind: 'status', status });
    const result = await verifyFreshness({ url: urlOf(path), submittedAt: purge(path) }, ports());
    expect(result).toMatchObject({
      verdict: 'unknown',
      reason: `the CDN answered HTTP ${status}`,
      checks: 1,
    });
  });

  it('unknown when the CDN takes the request and never answers: bounded, and the request ended', async () => {
    const path = freshPath();
    fake.cdn.setMode(path, { kind: 'silent' });
    const result = await verifyFreshness(
      { url: urlOf(path), submittedAt: purge(path) },
      ports({ timeoutMs: 300 }),
    );
    expect(result).toMatchObject({
      verdict: 'unknown',
      reason: 'no answer within 0.3s',
      checks: 1,
    });
    await until(() => fake.cdn.openBodies === 0, 'the request to be ended');
  });

  it('unknown when nothing answers', async () => {
    const result = await verifyFreshness(
      { url: `${await deadBaseUrl()}/a.jpg`, submittedAt: Date.now() },
      ports(),
    );
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toMatch(/^could not reach the CDN: ECONNREFUSED$/);
  });

  it('refuses plain http beyond loopback and a URL with a user name or password, asking nothing', async () => {
    let asked = 0;
    const counting = ports({ fetch: (url, init) => (asked++, fetch(url, init)) });
    expect(
      await verifyFreshness({ url: 'http://ik.imagekit.io/acme/a.jpg', submittedAt: 0 }, counting),
    ).toMatchObject({
      verdict: 'unknown',
      reason: 'not checked: only https URLs are checked',
    });
    const withUser = await verifyFreshness(
      {
        url: `http://user:secret@127.0.0.1:${new URL(fake.cdn.baseUrl).port}/a.jpg`,
        submittedAt: 0,
      },
      counting,
    );
    expect(withUser).toMatchObject({
      verdict: 'unknown',
      reason: 'not checked: a URL with a user name or password',
    });
    expect(JSON.stringify(withUser)).not.toContain('secret');
    expect(asked).toBe(0);
  });
});

describe('redirects', () => {
  it('follows up to 3, relative or absolute, and judges where they end', async () => {
    const end = freshPath();
    const [a, b, c] = [freshPath('r1'), freshPath('r2'), freshPath('r3')];
    fake.cdn.setMode(a, { kind: 'redirect', to: b });
    fake.cdn.setMode(b, { kind: 'redirect', to: urlOf(c) });
    fake.cdn.setMode(c, { kind: 'redirect', to: end });
    const result = await verifyFreshness({ url: urlOf(a), submittedAt: purge(end) }, ports());
    expect(result).toMatchObject({
      verdict: 'fresh',
      seen: { url: urlOf(a), cache: 'Miss from cloudfront' },
    });
    expect(fake.cdn.requests.map((r) => r.path)).toEqual([a, b, c, end]);
  });

  it('stops a redirect loop after 3', async () => {
    const [a, b] = [freshPath('loop-a'), freshPath('loop-b')];
    fake.cdn.setMode(a, { kind: 'redirect', to: b });
    fake.cdn.setMode(b, { kind: 'redirect', to: a });
    const result = await verifyFreshness({ url: urlOf(a), submittedAt: Date.now() }, ports());
    expect(result).toMatchObject({
      verdict: 'unknown',
      reason: 'more than 3 redirects',
      checks: 1,
    });
    expect(fake.cdn.requests).toHaveLength(4);
  });

  it('does not follow a redirect to plain http beyond loopback, or to a URL with credentials', async () => {
    const [a, b] = [freshPath('to-http'), freshPath('to-user')];
    fake.cdn.setMode(a, { kind: 'redirect', to: 'http://cdn.example.com/a.jpg' });
    fake.cdn.setMode(b, {
      kind: 'redirect',
      to: `http://me:pw@127.0.0.1:${new URL(fake.cdn.baseUrl).port}/x`,
    });
    expect(await verifyFreshness({ url: urlOf(a), submittedAt: 0 }, ports())).toMatchObject({
      verdict: 'unknown',
      reason: 'redirected to http://cdn.example.com, which is not https: not followed',
    });
    expect(await verifyFreshness({ url: urlOf(b), submittedAt: 0 }, ports())).toMatchObject({
      verdict: 'unknown',
      reason: 'redirected to a URL with a user name or password',
    });
    expect(fake.cdn.requests.map((r) => r.path)).toEqual([a, b]);
  });
  it('does not follow a redirect from an https CDN to plain http on this machine', async () => {
    // The CDN on the internet (an https URL, answered here by the port) sends the check to a
    // service on loopback: the fake CDN, which must never be asked.
    const local = urlOf(freshPath('local-service'));
    const port = ports({
      fetch: (url, init) =>
        url.startsWith('https://')
          ? Promise.resolve(new Response(null, { status: 302, headers: { location: local } }))
          : fetch(url, init),
    });
    const result = await verifyFreshness(
      { url: 'https://ik.imagekit.io/demo/a.jpg', submittedAt: 0 },
      port,
    );
    expect(result).toMatchObject({
      verdict: 'unknown',
      reason: `redirected to ${new URL(local).origin}, which is not https: not followed`,
    });
    expect(fake.cdn.requests).toEqual([]);
  });
});

describe('bodies', () => {
  it('decides from the headers when the body drips past the deadline', async () => {
    const path = freshPath();
    fake.cdn.setMode(path, { kind: 'slow-body' });
    const result = await verifyFreshness(
      { url: urlOf(path), submittedAt: purge(path) },
      ports({ timeoutMs: 500 }),
    );
    expect(result).toMatchObject({ verdict: 'fresh', seen: { cache: 'Miss from cloudfront' } });
  });

  it('stops reading a body that never ends', async () => {
    const path = freshPath();
    fake.cdn.setMode(path, { kind: 'endless-body' });
    let read = 0;
    const counting = ports({
      timeoutMs: 60_000,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        const counter = new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            read += chunk.byteLength;
            controller.enqueue(chunk);
          },
        });
        return new Response(response.body!.pipeThrough(counter), response);
      },
    });
    const result = await verifyFreshness({ url: urlOf(path), submittedAt: purge(path) }, counting);
    expect(result.verdict).toBe('fresh');
    expect(read).toBeGreaterThan(MAX_BODY_BYTES);
    expect(read).toBeLessThan(MAX_BODY_BYTES + 1024 * 1024);
  });

  it('HEAD on request: no body is asked for', async () => {
    const path = freshPath();
    const result = await verifyFreshness(
      { url: urlOf(path), submittedAt: purge(path) },
      ports({ method: 'HEAD' }),
    );
    expect(result.verdict).toBe('fresh');
    expect(fake.cdn.requests.map((r) => r.method)).toEqual(['HEAD']);
  });
});

describe('hostile headers', () => {
  it.each([
    ['age-negative', 'unknown', 'the Age header is not a number of seconds'],
    ['age-nan', 'unknown', 'the Age header is not a number of seconds'],
    ['age-exponent', 'unknown', 'the Age header is not a number of seconds'],
    ['age-huge', 'stale', undefined],
    ['age-twice', 'unknown', 'the Age header is not a number of seconds'],
    ['escape', 'unknown', "the CDN's answer is not valid HTTP (HPE_INVALID_HEADER_TOKEN)"],
    ['huge-header', 'unknown', "the CDN's headers are too large"],
  ] as const)('%s: %s', async (headers, verdict, reason) => {
    const path = freshPath();
    fake.cdn.setMode(path, { kind: 'hostile', headers });
    const result = await verifyFreshness(
      { url: urlOf(path), submittedAt: purge(path) },
      ports({ recheck: { firstDelayMs: 10, maxDelayMs: 10, boundMs: 0 } }),
    );
    expect(result.verdict).toBe(verdict);
    expect(result.reason).toBe(reason);
  });

  it('shows control characters and bidi marks from no header', async () => {
    const path = freshPath();
    fake.cdn.setMode(path, { kind: 'hostile', headers: 'controls' });
    const result = await verifyFreshness(
      { url: urlOf(path), submittedAt: purge(path) },
      ports({ recheck: { firstDelayMs: 10, maxDelayMs: 10, boundMs: 0 } }),
    );
    expect(result.verdict).toBe('stale');
    // eslint-disable-next-line no-control-regex
    expect(JSON.stringify(result.seen)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(result.seen?.pop).toBeUndefined(); // "FRA\u202e56-P1" names no edge
    expect(result.seen?.cache).toMatch(/^Hit from .*cloudfront$/);
  });
});

describe('what a check sends', () => {
  it('a browser-like Accept, no credential, no cookie, nothing to the API', async () => {
    const path = freshPath();
    await probeBeforePurge(urlOf(path), ports());
    await verifyFreshness({ url: urlOf(path), submittedAt: purge(path) }, ports());
    expect(fake.cdn.requests.length).toBeGreaterThan(0);
    for (const request of fake.cdn.requests) {
      expect(request.headers.accept).toBe(BROWSER_ACCEPT);
      expect(request.headers['user-agent']).toBe('purge-watch-test');
      expect(request.headers).not.toHaveProperty('authorization');
      expect(request.headers).not.toHaveProperty('cookie');
      expect(request.headers).not.toHaveProperty('cache-control');
    }
    expect(fake.requests).toEqual([]);
  });
});
