// `purge --timeout`, with or without --wait: the timeout covers the submissions (and the wait),
// measured on the clock timers run on. A wall clock set forward meanwhile (NTP after a resume, a
// user fixing the time) takes nothing from it. In process, in virtual time.
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

it('purge without --wait or --timeout: a 429 that keeps holding submissions ends at the default --timeout (30m), exit 1', async () => {
  // Before, `purge` without --wait had no bound at all: it sat out hold after hour-long hold.
  const clock = new VirtualClock();
  const { context, seen } = memoryCliContext({
    env: { IMAGEKIT_PRIVATE_KEY: KEY },
    fetch: async () =>
      new Response(JSON.stringify({ message: 'Too many requests' }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'x-ratelimit-reset': String(HOUR) },
      }),
    clock,
  });
  let code: ExitCode | undefined;
  void runCli(['purge', ...URLS], context).then((exit) => (code = exit));
  expect(await clock.advanceUntil(() => code !== undefined, 29 * 60_000, 60_000)).toBe(false);
  expect(await clock.advanceUntil(() => code !== undefined, 2 * 60_000, 60_000)).toBe(true);
  expect(code).toBe(ExitCode.failed);
  expect(seen.stderr).toContain(`--timeout 30m reached: 2 URLs not sent: ${URLS.join(', ')}`);
});
