// PURGE_WATCH_RATE_SHARE: the CLI's share of the account's rate limit (the app's setting). A
// percentage from 1 to 100 sets the budget its checks learn from ImageKit's headers; anything
// else is a usage error (exit 2) before the key is read or a request sent, never echoing it.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context';
import { requestBudget } from '../../src/cli/cli-context';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import { systemClock } from '../../src/core/clock';
import { LearnedBudget } from '../../src/core/request-budget';
import { MemoryKeychain } from '../support/memory-keychain';

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
    expect(spentOf40('1')).toBe(2); // 0.4 a second is below the 2-a-second floor
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
