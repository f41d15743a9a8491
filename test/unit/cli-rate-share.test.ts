// PURGE_WATCH_RATE_SHARE: the CLI's share of the account's rate limit (the app's setting). A
// percentage from 1 to 100 sets the budget its checks learn from ImageKit's headers; anything
// else is a usage error (exit 2) before the key is read or a request sent, never echoing it.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context';
import { requestBudget } from '../../src/cli/cli-context';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import { systemClock } from '../../src/core/clock';
import { LearnedBudget } from '../../src/core/tracking/request-budget';
import { MemoryKeychain } from '../support/memory-keychain';
import { VirtualClock } from '../support/virtual-clock';

const ID = '5f2b6c1e9a8d7c6b5a4f3e2d';
const KEY = 'private_rateShareSecret123=';

function context(share: string | undefined) {
  const seen = { stdout: '', stderr: '', requests: 0 };
  const keychain = new MemoryKeychain(KEY);
  const value: CliContext = {
    env: { IMAGEKIT_PRIVATE_KEY: KEY, PURGE_WATCH_RATE_SHARE: share },
    stdout: { write: (text: string) => (seen.stdout += text) },
    stderr: { write: (text: string) => (seen.stderr += text) },
    stdin: (async function* () {})(),
    fetch: async () => {
      seen.requests += 1;
      throw new Error('no request may be sent');
    },
    keychain,
    clock: systemClock,
  };
  return { context: value, seen };
}

/** Requests a second the CLI's budget allows once ImageKit advertised 40 a second. */
function spentOf40(share: string | undefined): number {
  const budget = new LearnedBudget(requestBudget(context(share).context));
  budget.learn({ limit: 40, intervalMs: 1_000 });
  return budget.requestsPerSecond(0);
}

describe('PURGE_WATCH_RATE_SHARE', () => {
  it('spends half the advertised limit when unset or empty, and the percentage set', () => {
    expect(spentOf40(undefined)).toBe(20);
    expect(spentOf40(' ')).toBe(20);
    expect(spentOf40('25')).toBe(10);
    expect(spentOf40('100')).toBe(40);
    // Never more than the share set, even below the 2 a second spent without rate-limit headers.
    expect(spentOf40('1')).toBeCloseTo(0.4, 6);
  });

  it.each(['0', '101', '-5', 'half', '50%', 'NaN', 'Infinity', KEY])(
    '%s is a usage error (exit 2), before any request, never echoed',
    async (share) => {
      for (const command of [
        ['status', ID],
        ['wait', ID],
        ['purge', 'https://ik.imagekit.io/a.jpg'],
      ]) {
        const { context: ctx, seen } = context(share);
        expect(await runCli(command, ctx)).toBe(ExitCode.usage);
        expect(ExitCode.usage).toBe(2);
        expect(seen.requests).toBe(0);
        expect(seen.stdout).toBe('');
        expect(seen.stderr).toBe(
          "purge-watch: PURGE_WATCH_RATE_SHARE must be a percentage from 1 to 100: the share of the account's rate limit Purge Watch may use (default 50).\n",
        );
      }
    },
  );
});

describe('status learns the budget from the headers', () => {
  /** Virtual ms `status` takes for 10 IDs when every answer advertises `limit` a second. */
  async function statusTime(limit: number | undefined): Promise<number> {
    const clock = new VirtualClock();
    const { context: ctx } = context(undefined);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (limit !== undefined) {
      headers['x-ratelimit-limit'] = String(limit);
      headers['x-ratelimit-interval'] = '1000';
    }
    ctx.clock = clock;
    ctx.fetch = async () =>
      new Response(JSON.stringify({ status: 'Completed' }), { status: 200, headers });
    const ids = Array.from(
      { length: 10 },
      (_, i) => `5f2b6c1e9a8d7c6b5a4f3e${(16 + i).toString(16)}`,
    );
    const started = clock.monotonic();
    let code: number | undefined;
    void runCli(['status', ...ids], ctx).then((exit) => (code = exit));
    expect(await clock.advanceUntil(() => code !== undefined, 60_000, 50)).toBe(true);
    expect(code).toBe(ExitCode.ok);
    return clock.monotonic() - started;
  }

  it('spends half of an advertised 40 a second (20), not the 2 a second it starts with', async () => {
    // Without headers: 10 requests at 2 a second take over 4 s of (virtual) time.
    expect(await statusTime(undefined)).toBeGreaterThanOrEqual(4_000);
    // With them, learned from the first answer: well under a second.
    expect(await statusTime(40)).toBeLessThan(1_000);
  });
});
