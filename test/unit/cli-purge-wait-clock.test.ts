// `purge --wait --timeout`: the timeout covers the submissions and the wait together, measured on
// the clock timers run on. A wall clock set forward meanwhile (NTP after a resume, a user fixing
// the time) takes nothing from it. In process, in virtual time.
import { expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/run';
import { objectIdAt } from '../fake-imagekit/object-id';
import { jsonAnswer, memoryCliContext } from '../support/cli-context';
import { VirtualClock } from '../support/virtual-clock';

const KEY = 'private_purgeWaitClock123=';
const URLS = ['https://ik.imagekit.io/acme/a.js', 'https://ik.imagekit.io/acme/b.js'];
const HOUR = 60 * 60_000;

it('purge --wait: a wall clock set an hour forward while it submits takes nothing from --timeout', async () => {
  const clock = new VirtualClock();
  let submissions = 0;
  const { context, seen } = memoryCliContext({
    env: { IMAGEKIT_PRIVATE_KEY: KEY },
    fetch: async (_input, init) => {
      if (init?.method !== 'POST') return jsonAnswer({ status: 'Completed' });
      submissions += 1;
      if (submissions === 2) clock.jump(HOUR);
      return jsonAnswer({ requestId: objectIdAt(clock.now()) });
    },
    clock,
  });
  let code: ExitCode | undefined;
  void runCli(['purge', '--wait', '--timeout', '10m', ...URLS], context).then(
    (exit) => (code = exit),
  );
  expect(await clock.advanceUntil(() => code !== undefined, 10 * 60_000)).toBe(true);
  expect(seen.stderr).not.toMatch(/timeout/i);
  expect(code).toBe(ExitCode.ok);
});
