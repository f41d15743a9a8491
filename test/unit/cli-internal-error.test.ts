// A bug inside `wait` (here: stdout's write throwing as a completion is reported) ends the
// command with exit 1 and says so on stderr, instead of leaving a pipeline waiting on a report
// that will never come. In virtual time: the command must end within its first minutes.
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import { MemoryKeychain } from '../support/memory-keychain';
import { VirtualClock } from '../support/virtual-clock';

const KEY = 'private_internalErrorTestKey1=';
const ID = '5f2b6c1e9a8d7c6b5a4f3e01';

describe('purge-watch wait, when one of its own handlers throws', () => {
  it('ends with exit 1 and names the internal error, without the key', async () => {
    const clock = new VirtualClock();
    let stderr = '';
    const context: CliContext = {
      env: { IMAGE_KIT_BASE_URL: 'https://api.imagekit.io' },
      stdout: {
        write: () => {
          throw new Error(`stdout is broken (${KEY})`);
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: (async function* () {})(),
      fetch: async () =>
        new Response(JSON.stringify({ status: 'Completed' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      keychain: new MemoryKeychain(KEY),
      clock,
    };
    let code: number | undefined;
    void runCli(['wait', '--timeout', '30m', ID], context).then((exit) => (code = exit));
    expect(await clock.advanceUntil(() => code !== undefined, 5 * 60_000, 100)).toBe(true);
    expect(code).toBe(ExitCode.failed);
    expect(stderr).toMatch(
      /internal error \(a bug in purge-watch, please report it\): stdout is broken/,
    );
    expect(stderr).not.toContain(KEY);
  });
});
