// `purge --wait --timeout`: the timeout covers the submissions and the wait together, measured on
// the clock timers run on. A wall clock set forward meanwhile (NTP after a resume, a user fixing
// the time) takes nothing from it. In process, in virtual time.
import { expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import { objectIdAt } from '../fake-imagekit/object-id';
import { MemoryKeychain } from '../support/memory-keychain';
import { VirtualClock } from '../support/virtual-clock';

const KEY = 'private_purgeWaitClock123=';
const URLS = ['https://ik.imagekit.io/acme/a.js', 'https://ik.imagekit.io/acme/b.js'];
const HOUR = 60 * 60_000;

it('purge --wait: a wall clock set an hour forward while it submits takes nothing from --timeout', async () => {
  const clock = new VirtualClock();
  let stderr = '';
  let submissions = 0;
  const answer = (body: object) =>
    new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  const context: CliContext = {
    // No profile: nothing is written.
    env: { IMAGEKIT_PRIVATE_KEY: KEY },
    platform: 'linux',
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: (async function* () {})(),
    fetch: async (_input, init) => {
      if (init?.method !== 'POST') return answer({ status: 'Completed' });
      submissions += 1;
      if (submissions === 2) clock.jump(HOUR);
      return answer({ requestId: objectIdAt(clock.now()) });
    },
    keychain: new MemoryKeychain(),
    clock,
  };
  let code: ExitCode | undefined;
  void runCli(['purge', '--wait', '--timeout', '10m', ...URLS], context).then(
    (exit) => (code = exit),
  );
  expect(await clock.advanceUntil(() => code !== undefined, 10 * 60_000)).toBe(true);
  expect(stderr).not.toMatch(/timeout/i);
  expect(code).toBe(ExitCode.ok);
});
