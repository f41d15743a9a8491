// The app's freshness checks in virtual time: a URL purge that completes is checked at the CDN
// (the setting on), `checking` meanwhile and kept with the purge, told once with its verdict; a
// purge added by its ID, a wildcard, the setting off; a restart resumes a check; a wake from
// sleep runs only a few at once.
import { describe, expect, it } from 'vitest';
import type { DeliveryFetch } from '../../src/core/freshness/freshness-check';
import { CONCURRENT_CHECKS, FreshnessWatch } from '../../src/core/freshness/freshness-watch';
import type { ConfLikeStore } from '../../src/core/storage/purge-store';
import { Tracker } from '../../src/core/tracking/tracker';
import type { CdnAnswer, PurgeRequest } from '../../src/shared/purge';
import { SimulatedImageKit } from '../support/simulated-imagekit';
import { VirtualClock } from '../support/virtual-clock';

class MemoryConf implements ConfLikeStore {
  readonly path = '/virtual/purges.json';
  data: PurgeRequest[] | undefined;
  get(): unknown {
    return this.data === undefined ? undefined : structuredClone(this.data);
  }
  set(_key: 'purges', value: PurgeRequest[]): void {
    this.data = structuredClone(value);
  }
}

/** A CDN whose edge holds its old copy until `freshFrom` (virtual time), then a new one. */
function edge(clock: VirtualClock, freshFrom: () => number, latencyMs: number) {
  const asked: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const fetch: DeliveryFetch = async (url) => {
    asked.push(url);
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, latencyMs));
    inFlight--;
    const fresh = clock.now() >= freshFrom();
    return new Response('image', {
      headers: fresh
        ? { 'X-Cache': 'Miss from cloudfront', 'x-amz-cf-pop': 'FRA56-P1', ETag: '"v2"' }
        : {
            'X-Cache': 'Hit from cloudfront',
            Age: '7200',
            'x-amz-cf-pop': 'FRA56-P1',
            ETag: '"v1"',
          },
    });
  };
  return { fetch, asked, mostInFlight: () => mostInFlight };
}

function setup(
  options: { store?: MemoryConf; enabled?: boolean; freshFrom?: number; latencyMs?: number } = {},
) {
  const clock = new VirtualClock();
  const api = new SimulatedImageKit(clock); // submitted purges complete 30 s later
  const store = options.store ?? new MemoryConf();
  const tracker = new Tracker({
    accounts: [{ name: 'default', api }],
    clock,
    store,
    coalesceWritesMs: 0,
  });
  const cdn = edge(clock, () => options.freshFrom ?? 0, options.latencyMs ?? 100);
  let enabled = options.enabled ?? true;
  const watch = new FreshnessWatch({
    tracker,
    fetch: cdn.fetch,
    clock,
    userAgent: 'test',
    enabled: () => enabled,
  });
  const checked: PurgeRequest[] = [];
  watch.on('checked', (purge) => checked.push(purge));
  tracker.start();
  return {
    clock,
    api,
    tracker,
    store,
    cdn,
    watch,
    checked,
    setEnabled: (on: boolean) => (enabled = on),
  };
}

/** Submits one URL's purge; its request ID. */
async function submitOne(
  tracker: Tracker,
  url: string,
  before?: ReadonlyMap<string, CdnAnswer>,
): Promise<string> {
  const [result] = await tracker.submit([url], 'default', before);
  if (!result?.requestId) throw new Error(`${url} was not purged`);
  return result.requestId;
}

describe('checking the CDN once a URL purge completes', () => {
  it('checks it, shows `checking` meanwhile, keeps the verdict and tells it once', async () => {
    // The edge serves its old copy until the purge (submitted now) has had 20 s.
    const { clock, tracker, cdn, watch, checked, store } = setup({
      freshFrom: new VirtualClock().now() + 20_000,
    });
    const probing = watch.probe(['https://ik.imagekit.io/acme/a.jpg']);
    await clock.advance(1_000); // the CDN answers in 100 ms
    const before = await probing;
    const requestId = await submitOne(tracker, 'https://ik.imagekit.io/acme/a.jpg', before);
    expect(tracker.get(requestId)?.before).toMatchObject({ etag: '"v1"', age: 7200 });
    await clock.advanceUntil(() => tracker.get(requestId)?.state === 'completed', 120_000);
    expect(tracker.get(requestId)?.freshness).toMatchObject({ verdict: 'checking', checks: 0 });
    await clock.advance(1_000);
    expect(tracker.get(requestId)?.freshness).toMatchObject({
      verdict: 'fresh',
      contentChanged: true,
      seen: { cache: 'Miss from cloudfront', pop: 'FRA56-P1', etag: '"v2"' },
    });
    expect(checked.map((p) => [p.requestId, p.freshness?.verdict])).toEqual([[requestId, 'fresh']]);
    expect(cdn.asked).toEqual([
      'https://ik.imagekit.io/acme/a.jpg',
      'https://ik.imagekit.io/acme/a.jpg',
    ]);
    await clock.advance(10_000);
    expect(store.data?.[0]?.freshness?.verdict).toBe('fresh');
  });

  it('re-checks a stale edge until it catches up', async () => {
    const clock0 = new VirtualClock().now();
    const { clock, tracker, checked } = setup({ freshFrom: clock0 + 60_000 });
    await tracker.submit(['https://ik.imagekit.io/acme/b.jpg'], 'default');
    await clock.advanceUntil(() => checked.length > 0, 5 * 60_000);
    expect(checked[0]?.freshness).toMatchObject({ verdict: 'fresh' });
    expect(checked[0]!.freshness!.checks).toBeGreaterThan(1);
  });

  it('checks nothing for a purge added by its ID, or with the setting off; says so at once for a wildcard', async () => {
    const { clock, api, tracker, cdn, checked, watch, setEnabled } = setup();
    const id = 'aaaaaaaaaaaaaaaaaaaaaa01';
    api.addPurge(id, clock.now());
    await tracker.add([id]);
    const [wild] = await tracker.submit(['https://ik.imagekit.io/acme/css/*'], 'default');
    await clock.advance(60_000);
    expect(tracker.get(id)?.state).toBe('completed');
    expect(tracker.get(id)?.freshness).toBeUndefined();
    expect(watch.willCheck(tracker.get(id)!)).toBe(false);
    expect(tracker.get(wild!.requestId!)?.freshness).toMatchObject({
      verdict: 'unknown',
      reason: 'not checked: wildcard',
    });
    expect(checked.map((p) => p.requestId)).toEqual([wild!.requestId]);

    setEnabled(false);
    const [off] = await tracker.submit(['https://ik.imagekit.io/acme/c.jpg'], 'default');
    await clock.advance(60_000);
    expect(tracker.get(off!.requestId!)?.state).toBe('completed');
    expect(tracker.get(off!.requestId!)?.freshness).toBeUndefined();
    expect(cdn.asked).toEqual([]);
  });

  it('a check the app was doing when it quit goes on at the next start', async () => {
    const first = setup({ freshFrom: Infinity });
    const requestId = await submitOne(first.tracker, 'https://ik.imagekit.io/acme/d.jpg');
    await first.clock.advanceUntil(
      () => first.tracker.get(requestId)?.freshness !== undefined,
      120_000,
    );
    first.watch.close();
    first.tracker.close();
    expect(first.store.data?.[0]?.freshness?.verdict).toBe('checking');

    const second = setup({ store: first.store });
    await second.clock.advanceUntil(() => second.checked.length > 0, 10 * 60_000);
    expect(second.checked[0]).toMatchObject({ requestId, freshness: { verdict: 'fresh' } });
  });

  it(`runs at most ${CONCURRENT_CHECKS} checks at once`, async () => {
    // Each answer takes 10 s: completions seen over a few seconds overlap.
    const { clock, tracker, checked, cdn } = setup({ latencyMs: 10_000 });
    const urls = Array.from({ length: 10 }, (_, i) => `https://ik.imagekit.io/acme/${i}.jpg`);
    await tracker.submit(urls, 'default');
    await clock.advanceUntil(() => checked.length === 10, 10 * 60_000);
    expect(checked).toHaveLength(10);
    expect(cdn.mostInFlight()).toBe(CONCURRENT_CHECKS);
  });

  it('forgets a purge removed while it is checked', async () => {
    const { clock, tracker, checked } = setup({ freshFrom: Infinity });
    const requestId = await submitOne(tracker, 'https://ik.imagekit.io/acme/e.jpg');
    await clock.advanceUntil(() => tracker.get(requestId)?.freshness !== undefined, 120_000);
    tracker.remove([requestId]);
    await clock.advance(5 * 60_000);
    expect(checked).toEqual([]);
    expect(tracker.get(requestId)).toBeUndefined();
  });
});
