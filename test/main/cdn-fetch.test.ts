// The app's requests to the CDN for freshness checks (src/main/cdn-fetch.ts) on the electron
// stand-in, answered over real HTTP by the fake ImageKit's CDN: a session of their own without a
// cache, no credential or cookie, redirects handed back for the check to judge.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { FreshnessPorts } from '../../src/core/freshness/freshness-check';
import { verifyFreshness } from '../../src/core/freshness/freshness-check';
import { CDN_CHECK_PARTITION, electronCdnFetch } from '../../src/main/cdn-fetch';
import { mock } from '../mocks/electron';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { until } from '../support/until';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit();
});
afterAll(() => fake.close());
beforeEach(() => {
  mock.reset({ ready: true });
  mock.fetchAnswer = (url, init) => fetch(url, init);
  fake.resetRecords();
});

const ports = (extra: Partial<FreshnessPorts> = {}): FreshnessPorts => ({
  fetch: electronCdnFetch(),
  clock: systemClock,
  userAgent: 'purge-watch-test',
  ...extra,
});

describe("the app's CDN requests", () => {
  it('judge a purged URL fresh through a session of their own, with no cache and no credential', async () => {
    const url = `${fake.cdn.baseUrl}/acme/app/a.jpg`;
    const submittedAt = Date.now();
    fake.addPurge(objectIdAt(submittedAt), { url, completeAfterMs: 0 });
    const result = await verifyFreshness({ url, submittedAt }, ports());
    expect(result).toMatchObject({
      verdict: 'fresh',
      seen: { cache: 'Miss from cloudfront', pop: 'FRA56-P1' },
    });
    const [request] = mock.netRequests;
    expect(request!.options).toMatchObject({
      credentials: 'omit',
      redirect: 'manual',
      method: 'GET',
    });
    expect(request!.options.session).toBe(mock.partitionSession(CDN_CHECK_PARTITION));
    expect(request!.options.session).not.toBe(mock.defaultSession);
    expect(mock.partitionSession(CDN_CHECK_PARTITION)?.options).toEqual({ cache: false });
    expect(mock.fetches).toEqual([]); // not net.fetch: it cannot hand a redirect back
    for (const sent of fake.cdn.requests) {
      expect(sent.headers).not.toHaveProperty('authorization');
      expect(sent.headers).not.toHaveProperty('cookie');
    }
  });

  it('hand each redirect back, so the check stops a loop after 3', async () => {
    const [a, b] = ['/acme/app/loop-a', '/acme/app/loop-b'];
    fake.cdn.setMode(a, { kind: 'redirect', to: b });
    fake.cdn.setMode(b, { kind: 'redirect', to: a });
    const result = await verifyFreshness(
      { url: fake.cdn.baseUrl + a, submittedAt: Date.now() },
      ports(),
    );
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'more than 3 redirects' });
    expect(fake.cdn.requests).toHaveLength(4);
  });

  it('ask with HEAD when told, and give no body', async () => {
    const url = `${fake.cdn.baseUrl}/acme/app/head.jpg`;
    const response = await electronCdnFetch()(url, {
      method: 'HEAD',
      headers: {
        Accept: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
        'User-Agent': 't',
      },
      redirect: 'manual',
      credentials: 'omit',
      signal: new AbortController().signal,
    });
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    expect(response.headers.get('x-amz-cf-pop')).toBe('FRA56-P1');
  });

  it('end the download once the check is done: a body that never ends is not left open', async () => {
    const url = `${fake.cdn.baseUrl}/acme/app/endless.mp4`;
    fake.cdn.setMode('/acme/app/endless.mp4', { kind: 'endless-body' });
    const submittedAt = Date.now();
    fake.addPurge(objectIdAt(submittedAt), { url, completeAfterMs: 0 });
    const result = await verifyFreshness({ url, submittedAt }, ports());
    expect(result.verdict).toBe('fresh');
    await until(() => fake.cdn.openBodies === 0, 'the CDN to see the request ended');
  });

  it.each(['controls', 'age-twice'] as const)(
    'read hostile headers (%s) as the CLI reads them',
    async (headers) => {
      const path = `/acme/app/hostile-${headers}.jpg`;
      fake.cdn.setMode(path, { kind: 'hostile', headers });
      const target = { url: fake.cdn.baseUrl + path, submittedAt: Date.now() };
      const once = { recheck: { firstDelayMs: 10, maxDelayMs: 10, boundMs: 0 } };
      const cli = await verifyFreshness(target, ports({ ...once, fetch: (u, i) => fetch(u, i) }));
      const app = await verifyFreshness(target, ports(once));
      const judged = ({ verdict, reason, seen }: typeof app) => ({
        verdict,
        reason,
        seen: { ...seen, checkedAt: 0 },
      });
      expect(judged(app)).toEqual(judged(cli));
      expect(app.verdict).not.toBe('fresh');
      // eslint-disable-next-line no-control-regex
      expect(JSON.stringify(app)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    },
  );
});
