// Every command spends requests as the app does: `status` through the PollScheduler's budget
// (half of what the account's rate-limit headers advertise, 2 requests a second before the
// first answer), and `purge` waits out a 429's X-RateLimit-Reset instead of failing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { runBuiltCli } from '../support/cli-process';
import { cliEnv } from './fixtures';

let fake: FakeImageKit;
beforeAll(async () => {
  // The account allows 4 status requests a second: half of it is the 2-a-second floor.
  fake = await startFakeImageKit({
    completeAfterMs: 0,
    rateLimits: { status: { limit: 4, intervalMs: 1_000 } },
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.resetRecords();
  fake.clearFaults();
});

/** The gaps between consecutive requests the fake received, in ms. */
const gaps = () => {
  const times = fake.requests.map((r) => r.at);
  return times.slice(1).map((at, i) => at - times[i]!);
};

describe('pacing', () => {
  it('status spaces its requests by the budget and prints answers in the order given', async () => {
    const ids = Array.from({ length: 5 }, (_, i) =>
      fake.addPurge(objectIdAt(Date.now() - i * 1000)),
    );
    const run = await runBuiltCli(['status', ...ids], { env: cliEnv(fake) });
    expect(run.code).toBe(0);
    expect(run.lines).toEqual(ids.map((id) => `${id}  Completed`));
    expect(fake.requests).toHaveLength(5);
    // 2 a second: started 500 ms apart on the CLI's clock. On arrival one request may be late
    // (the first one most, setting up the connection), so the 3 gaps after it, 1.5 s in all,
    // are held to at least 1 s; unpaced, all 5 arrive within a few milliseconds.
    const [, second, , , last] = fake.requests.map((r) => r.at);
    expect(last! - second!).toBeGreaterThanOrEqual(1_000);
  });

  it('purge waits out a 429 and then submits, instead of failing the URL', async () => {
    fake.inject('rate_limited', { endpoint: 'submit', resetMs: 600 });
    const run = await runBuiltCli(['purge', 'https://ik.imagekit.io/demo/a.jpg'], {
      env: cliEnv(fake),
    });
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      expect.stringMatching(/^[0-9a-f]{24} {2}https:\/\/ik\.imagekit\.io\/demo\/a\.jpg$/),
    ]);
    expect(fake.requests.map((r) => r.responseStatus)).toEqual([429, 201]);
    expect(gaps()[0]).toBeGreaterThanOrEqual(600);
  });
});
