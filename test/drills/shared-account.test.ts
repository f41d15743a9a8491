// Drill: two copies of Purge Watch (two trackers, two clients) on one ImageKit account that allows
// 20 status requests a second, over real HTTP against the fake. Each learns the limit from the
// headers and spends its share; together they must not set off a storm of 429s, and both must
// detect every purge.
import { afterEach, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { ImageKitClient } from '../../src/core/imagekit/imagekit-client';
import { Tracker } from '../../src/core/tracking/tracker';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { peakPerSecond } from '../support/request-rate';
import { seededRandom } from '../support/seeded-random';
import { skipWithoutLoopback } from '../support/loopback';

const skip = await skipWithoutLoopback('the shared-account drill');

const PURGES_EACH = 40;
const ACCOUNT = { limit: 20, intervalMs: 1_000 };

describe.skipIf(skip)('drill: two trackers on one rate-limited account', () => {
  let fake: FakeImageKit | undefined;
  const trackers: Tracker[] = [];
  afterEach(async () => {
    for (const tracker of trackers.splice(0)) tracker.close();
    await fake?.close();
  });

  it.each([
    ['at the default share (half each)', undefined, 0.03],
    ['both greedy (all of it each): 429s, then they settle', 1, 0.15],
  ])(
    '%s: both detect every purge, without a storm of 429s',
    async (_label, share, most429s) => {
      fake = await startFakeImageKit({ rateLimits: { status: ACCOUNT } });
      const server = fake;
      const random = seededRandom(17);
      // When each request left its client: what the trackers decide. The fake's own arrival
      // times are not: on a loaded machine its event loop takes requests sent apart in one batch.
      const sentAt: number[] = [];
      const copies = [0, 1].map(() => {
        const client = new ImageKitClient({
          fetch: (input, init) => {
            sentAt.push(performance.now());
            return fetch(input, init);
          },
          privateKey: () => server.privateKey,
          baseUrl: server.baseUrl,
          timeoutMs: 2_000,
          userAgent: `purge-watch/${packageJson.version}`,
        });
        // A compressed schedule: every purge wants a check every 200 ms, far more than the
        // account allows, so each copy spends all of its learned budget.
        const tracker = new Tracker({
          accounts: [{ name: 'default', api: client }],
          budget: { maxRequestsPerSecond: 2, maxConcurrent: 2, share },
          schedule: {
            minIntervalMs: 200,
            maxIntervalMs: 1_000,
            firstCheckAfterMs: 0,
            errorBackoffMs: 200,
          },
        });
        trackers.push(tracker);
        tracker.start();
        const completed = new Set<string>();
        tracker.on('completed', (purge) => completed.add(purge.requestId));
        const ids = Array.from({ length: PURGES_EACH }, () =>
          server.addPurge(objectIdAt(Date.now()), {
            completeAfterMs: 500 + Math.round(random() * 2_500),
          }),
        );
        return { tracker, ids, completed };
      });
      for (const { tracker, ids } of copies)
        await tracker.add(ids, { url: 'https://ik.imagekit.io/demo/*' });

      const deadline = Date.now() + 60_000;
      while (copies.some((c) => c.completed.size < PURGES_EACH) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      for (const { completed } of copies) expect(completed.size).toBe(PURGES_EACH);
      const records = server.requests;
      const refused = records.filter((r) => r.responseStatus === 429).length;
      const peak = peakPerSecond(sentAt.sort((a, b) => a - b));
      console.log(
        `shared-account drill: ${records.length} requests, ${refused} answered 429, peak ${peak}/s`,
      );
      // A 429 where their windows meet is allowed; a storm is not. Refused requests would show
      // in the peak: at most the account's limit and a few requests in flight.
      expect(refused).toBeLessThanOrEqual(Math.ceil(records.length * most429s));
      expect(peak).toBeLessThanOrEqual(ACCOUNT.limit + 5);
      // They spent what the account allows, not today's 2 requests/s each.
      expect(peak).toBeGreaterThanOrEqual(ACCOUNT.limit / 2);
    },
    70_000,
  );
});
