// The pre-purge probes over real HTTP, at a local CDN that counts the requests it holds open at
// once: a long list of URLs is probed a few at a time, by the app ("Purge URLs") and the CLI
// (`purge --verify`) alike, and a CDN that never answers holds the list back only so long.
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FreshnessStep } from '../../src/cli/freshness-step';
import { systemClock } from '../../src/core/clock';
import { FreshnessWatch } from '../../src/core/freshness/freshness-watch';
import { CONCURRENT_PROBES, probeBeforePurges } from '../../src/core/freshness/pre-purge-probes';
import { Tracker } from '../../src/core/tracking/tracker';
import type { CdnAnswer } from '../../src/shared/purge';
import { memoryCliContext } from '../support/cli-context';
import { until } from '../support/until';

/** A CDN that answers only when told to, counting the requests open at once. */
async function startHoldingCdn() {
  const held: ServerResponse[] = [];
  const counts = { received: 0, open: 0, mostOpen: 0 };
  const server = createServer((_request, response) => {
    counts.received += 1;
    counts.open += 1;
    counts.mostOpen = Math.max(counts.mostOpen, counts.open);
    held.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    counts,
    /** Answers the oldest request held: 200 with an ETag, as the CDN serves an image. */
    answerOne() {
      counts.open -= 1;
      held.shift()!.writeHead(200, { ETag: '"v1"', 'Content-Type': 'image/jpeg' }).end('image');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let cdn: Awaited<ReturnType<typeof startHoldingCdn>>;
beforeEach(async () => {
  cdn = await startHoldingCdn();
});
afterEach(() => cdn.close());

const urls = (count: number) =>
  Array.from({ length: count }, (_, n) => `${cdn.baseUrl}/acme/deploy/file-${n}.jpg`);

/** The two places a purge is probed before it is submitted. */
const PROBERS: Array<
  [string, (urls: string[]) => Promise<ReadonlyMap<string, CdnAnswer> | undefined>]
> = [
  [
    'the app (Purge URLs)',
    (list) =>
      new FreshnessWatch({
        tracker: new Tracker({ accounts: [] }),
        fetch: (url, request) => fetch(url, request),
        clock: systemClock,
        userAgent: 'purge-watch-test',
        enabled: () => true,
      }).probe(list),
  ],
  [
    'the CLI (purge --wait --verify)',
    (list) => {
      const { context } = memoryCliContext({
        fetch: (url, request) => fetch(url, request),
        clock: systemClock,
      });
      return new FreshnessStep(context, { urls: [], method: 'GET' }, 1).probeBeforePurge(list);
    },
  ],
];

describe('pre-purge probes', () => {
  it.each(PROBERS)(
    `%s probes a deploy's 20 URLs at most ${CONCURRENT_PROBES} at once, and each one`,
    async (_who, probe) => {
      // Before, every URL was asked at once: 500 URLs opened 500 sockets to the CDN together.
      const list = urls(20);
      const probing = probe(list);
      for (let answered = 0; answered < list.length; answered++) {
        const expected = Math.min(CONCURRENT_PROBES, list.length - answered);
        await until(() => cdn.held.length >= expected, `${expected} probes open`);
        cdn.answerOne();
      }
      const probes = await probing;
      expect(cdn.counts.mostOpen).toBe(CONCURRENT_PROBES);
      expect(cdn.counts.received).toBe(list.length);
      expect([...probes!.keys()].sort()).toEqual([...list].sort());
      expect(probes!.get(list[7]!)).toMatchObject({ httpStatus: 200, etag: '"v1"' });
    },
  );

  it('a CDN that never answers holds the list back only for a few probes’ deadlines: the rest are not asked', async () => {
    const list = urls(40);
    const probes = await probeBeforePurges(list, {
      fetch: (url, request) => fetch(url, request),
      clock: systemClock,
      userAgent: 'purge-watch-test',
      timeoutMs: 200,
    });
    expect(probes.size).toBe(0);
    // (How many were open at once is not counted here: the server learns of a request given up
    // only after the client has started the next.)
    expect(cdn.counts.received).toBeLessThan(list.length);
  });
});
