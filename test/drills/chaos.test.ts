// Drill: a few hundred tracked purges against the fake ImageKit in chaos mode (resets, hangs,
// 5xx, 429 storms with X-RateLimit-Reset, malformed bodies) over real HTTP, on a compressed
// schedule. Every purge must end completed (or not found, for IDs ImageKit does not know), none
// lost, no unhandled rejection, and no request may start inside a 429's reset window.
import { afterEach, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { ImageKitClient } from '../../src/core/imagekit-client';
import type { RequestBudget } from '../../src/core/poll-scheduler';
import { Tracker } from '../../src/core/tracker';
import type { FakeImageKit, RecordedRequest } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { requireLoopback } from './loopback';

const skip = (await requireLoopback('the chaos drill')) !== undefined;

const KNOWN = 240;
const UNKNOWN = 30;
const BUDGET: RequestBudget = { maxRequestsPerSecond: 1_000, maxConcurrent: 4 };
/** A request the client started before it read a 429 may reach the server just after it. */
const IN_FLIGHT_GRACE_MS = 250;

/** A seeded random for the purges' completion times. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * Requests the server received inside a reset window it had announced with a 429, beyond what
 * the client could have had in flight when the 429 was answered (at most `maxConcurrent - 1`,
 * arriving within the grace).
 */
function requestsInsideResetWindows(records: readonly RecordedRequest[], maxConcurrent: number) {
  const sorted = [...records].sort((a, b) => a.at - b.at);
  const violations: RecordedRequest[] = [];
  let windows = 0;
  for (const opening of sorted) {
    if (opening.rateLimitResetUntil === undefined || opening.insideResetWindow) continue;
    windows += 1;
    const inside = sorted.filter(
      (r) => r !== opening && r.at >= opening.at && r.at < opening.rateLimitResetUntil!,
    );
    const inFlight = inside.filter((r) => r.at - opening.at <= IN_FLIGHT_GRACE_MS);
    violations.push(...inside.slice(Math.min(inFlight.length, maxConcurrent - 1)));
  }
  return { windows, violations };
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
      const client = new ImageKitClient({
        fetch: (input, init) => fetch(input, init),
        privateKey: () => server.privateKey,
        baseUrl: server.baseUrl,
        timeoutMs: 250,
        userAgent: `purge-watch/${packageJson.version}`,
      });
      tracker = new Tracker({
        api: client,
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
      expect(unknown.filter((id) => stateOf.get(id) !== 'not-found')).toEqual([]);
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

      const { windows, violations } = requestsInsideResetWindows(records, BUDGET.maxConcurrent);
      expect(windows).toBeGreaterThan(0);
      expect(violations.map((r) => `${r.path} at ${r.at}`)).toEqual([]);
      expect(records.every((r) => r.authValid)).toBe(true);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 60_000);
});
