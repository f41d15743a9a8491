// The built CLI in a pipeline whose reader goes away (`| head -1`) and under Ctrl-C / SIGTERM:
// it ends quietly with the signal's conventional code (141, 130, 143), never a stack trace,
// and a stopped `wait` says on stderr what was still pending.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { startCli } from '../support/cli-process';
import { until } from '../support/until';
import { cliEnv } from './fixtures';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: Infinity });
});
afterAll(() => fake.close());
beforeEach(() => fake.resetRecords());

const pending = () => fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
const completed = () => fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
/** Has the fake answered a status request for this ID (so the CLI is polling it)? */
const answered = (requestId: string) =>
  fake.requests.some((r) => r.requestId === requestId && r.responseStatus === 200);

describe('stdout closed by its reader', () => {
  it.each([[[]], [['--json']]])(
    'status %j | head -1 ends quietly with 141 and sends no more requests',
    async (flags) => {
      const ids = Array.from({ length: 20 }, completed);
      const running = startCli(['status', ...flags, ...ids], { env: cliEnv(fake) });
      await running.seen('stdout', '\n');
      running.child.stdout.destroy();
      const run = await running.done;
      expect(run.code).toBe(141);
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n')[0]).toContain(ids[0]);
      // Paced at 2 a second, 20 IDs take 10 s: it stopped long before asking for all of them.
      expect(fake.requests.length).toBeLessThan(ids.length);
    },
  );

  it('wait --json | head -1 ends at its next line instead of waiting for the rest', async () => {
    const [first, second, never] = [completed(), pending(), pending()];
    const running = startCli(['wait', '--json', first, second, never], { env: cliEnv(fake) });
    await running.seen('stdout', '\n');
    running.child.stdout.destroy();
    await until(() => answered(second), 'a check of the second purge');
    fake.completePurge(second);
    const run = await running.done;
    expect(run.code).toBe(141);
    expect(run.stderr).toBe('');
  });
});

describe('signals while waiting', () => {
  it('Ctrl-C (SIGINT) exits 130 and names what was still pending, on stderr', async () => {
    const [done, waiting] = [completed(), pending()];
    const running = startCli(['wait', done, waiting], { env: cliEnv(fake) });
    await running.seen('stdout', done);
    await until(() => answered(waiting), 'a check of the pending purge');
    running.child.kill('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.lines).toEqual([`${done}  Completed (already completed at the first check)`]);
    expect(run.stderr).toBe(
      `purge-watch: interrupted by SIGINT: 1 of 2 purges still pending: ${waiting}\n`,
    );
  });

  it('SIGTERM exits 143; with --json each pending purge is an object on stdout', async () => {
    const waiting = pending();
    const running = startCli(['wait', '--json', waiting], { env: cliEnv(fake) });
    await until(() => answered(waiting), 'a check of the pending purge');
    running.child.kill('SIGTERM');
    const run = await running.done;
    expect(run.code).toBe(143);
    const message = `interrupted by SIGTERM: 1 of 1 purge still pending: ${waiting}`;
    expect(run.json).toEqual([
      {
        requestId: waiting,
        account: 'environment',
        status: 'Pending',
        error: { kind: 'interrupted', message },
      },
    ]);
    expect(run.stderr).toBe(`purge-watch: ${message}\n`);
  });
});
