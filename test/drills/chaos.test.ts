// Drill: a few hundred tracked purges against the fake ImageKit in chaos mode (resets, hangs,
// 5xx, 429 storms with X-RateLimit-Reset, malformed bodies) over real HTTP, on a compressed
// schedule. Every purge must end completed (or not found, for IDs ImageKit does not know), none
// lost, no unhandled rejection, and no request may start inside a 429's reset window.
import { afterEach, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { ImageKitClient } from '../../src/core/imagekit/imagekit-client';
import type { RequestBudget } from '../../src/core/tracking/request-budget';
import { Tracker } from '../../src/core/tracking/tracker';
import type { FakeImageKit, RecordedRequest } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { skipWithoutLoopback } from '../support/loopback';

const skip = await skipWithoutLoopback('the chaos drill');

const KNOWN = 240;
const UNKNOWN = 30;
const BUDGET: RequestBudget = { maxRequestsPerSecond: 1_000, maxConcurrent: 4 };
/** A seeded random for the purges' completion times. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** A request as the client started it (same clock as the fake's records). */
interface Sent {
  path: string;
  startedAt: number;
}

/** When the tracker knew of a 429 and held every request, until when. */
interface Hold {
  from: number;
  until: number;
}

/**
 * Requests that broke a reset window. From the client: any request started while the tracker
 * held for a 429. From the server: any request received inside a window it announced that the
 * client started after it had learned of that window (what it had in flight before is fine,
 * however late it arrives). No time grace: in flight is what the client had started.
 */
function resetWindowViolations(
  records: readonly RecordedRequest[],
  sent: readonly Sent[],
  holds: readonly Hold[],
) {
  // `until` comes from the monotonic clock (fractional ms) and a start from Date.now(), which
  // truncates: a request started exactly as the hold ends reads as up to 1 ms before it.
  const heldAt = (t: number) => holds.some((hold) => t > hold.from && t < Math.floor(hold.until));
  const client = sent.filter((request) => heldAt(request.startedAt));
  const sorted = [...records].sort((a, b) => a.at - b.at);
  const server: RecordedRequest[] = [];
  let windows = 0;
  for (const opening of sorted) {
    if (opening.rateLimitResetUntil === undefined || opening.insideResetWindow) continue;
    windows += 1;
    const learned = holds.find((hold) => hold.from >= opening.at)?.from ?? Infinity;
    for (const r of sorted) {
      if (r === opening || r.at < opening.at || r.at >= opening.rateLimitResetUntil) continue;
      // The latest start of this path the server could be seeing now.
      const started = sent
        .filter((request) => request.path === r.path && request.startedAt <= r.at)
        .at(-1)?.startedAt;
      if (started === undefined || started > learned) server.push(r);
    }
  }
  return { windows, client, server };
}

describe.skipIf(skip)('chaos drill: resets, hangs, 5xx, 429 storms, malformed bodies', () => {
  let fake: FakeImageKit | undefined;
  let tracker: Tracker | undefined;
  afterEach(async () => {
    tracker?.close();
    await fake?.close();
  });

  it('ends every purge completed or not found, honouring every reset window', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      fake = await startFakeImageKit({
        chaos: {
          seed: 2026,
          rates: {
            reset: 0.03,
            hang: 0.004,
            serverError: 0.05,
            rateLimitStorm: 0.01,
            malformed: 0.04,
          },
          resetMs: [150, 400],
          stormWindows: [1, 3],
        },
      });
      const server = fake;
      const sent: Sent[] = [];
      const holds: Hold[] = [];
      const client = new ImageKitClient({
        fetch: (input, init) => {
          sent.push({ path: new URL(input).pathname, startedAt: Date.now() });
          return fetch(input, init);
        },
        privateKey: () => server.privateKey,
        baseUrl: server.baseUrl,
        timeoutMs: 250,
        userAgent: `purge-watch/${packageJson.version}`,
      });
      tracker = new Tracker({
        accounts: [{ name: 'default', api: client }],
        budget: BUDGET,
        schedule: {
          minIntervalMs: 30,
          ageFraction: 0.25,
          maxIntervalMs: 500,
          firstCheckAfterMs: 30,
          errorBackoffMs: 30,
          giveUpAfterMs: 10 * 60_000,
        },
      });
      tracker.on('status', (status) => {
        const until = status.rateLimits?.[0]?.until;
        if (until !== undefined && holds.at(-1)?.until !== until) {
          holds.push({ from: Date.now(), until });
        }
      });
      tracker.start();
      const settled = new Map<string, string>();
      tracker.on('completed', (p) => settled.set(p.requestId, p.state));
      tracker.on('failed', (p) => settled.set(p.requestId, p.state));

      const random = seeded(7);
      const known = Array.from({ length: KNOWN }, () =>
        server.addPurge(objectIdAt(Date.now()), {
          completeAfterMs: 300 + Math.round(random() * 5_700),
        }),
      );
      const unknown = Array.from({ length: UNKNOWN }, () => objectIdAt(Date.now()));
      // Submitted now (as `purge` does), so the schedule starts at age 0.
      const added = await tracker.add([...known, ...unknown], {
        url: 'https://ik.imagekit.io/demo/*',
      });
      expect(added.added).toHaveLength(KNOWN + UNKNOWN);

      const deadline = Date.now() + 45_000;
      while (settled.size < KNOWN + UNKNOWN && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      const purges = tracker.list();
      expect(purges).toHaveLength(KNOWN + UNKNOWN);
      const stateOf = new Map(purges.map((p) => [p.requestId, p.state]));
      expect(known.filter((id) => stateOf.get(id) !== 'completed')).toEqual([]);
      expect(unknown.filter((id) => stateOf.get(id) !== 'not_found')).toEqual([]);
      expect(tracker.isIdle).toBe(true);

      const records = server.requests;
      const faults = new Map<string, number>();
      for (const r of records) if (r.fault) faults.set(r.fault, (faults.get(r.fault) ?? 0) + 1);
      console.info(
        `chaos drill: ${records.length} requests, faults ${JSON.stringify(Object.fromEntries(faults))}`,
      );
      // The drill means something only if the chaos really happened.
      for (const kind of ['reset', 'hang', 'server_error', 'rate_limited'] as const) {
        expect(faults.get(kind) ?? 0, kind).toBeGreaterThan(0);
      }
      expect((faults.get('html') ?? 0) + (faults.get('truncated') ?? 0)).toBeGreaterThan(0);

      const violations = resetWindowViolations(records, sent, holds);
      expect(violations.windows).toBeGreaterThan(0);
      expect(holds.length).toBeGreaterThan(0);
      expect(violations.client.map((r) => `${r.path} started at ${r.startedAt}`)).toEqual([]);
      expect(violations.server.map((r) => `${r.path} at ${r.at}`)).toEqual([]);
      expect(records.every((r) => r.authValid)).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 60_000);
});
