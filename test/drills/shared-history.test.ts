// Drill: the CLI writing the duration history while the app writes it too, as two real
// processes on one profile (issue 27 point 5, issue 28 defect 2). A child runs the app's history
// writer (test/drills/fixtures/history-writer.ts: the app's DurationHistory on durations.json,
// writing every few milliseconds) while the built CLI runs `wait` several times, each recording
// the purge it saw complete. Afterwards the file holds every completion of both, the app's
// writer never failed a write (a temporary file taken from under it would fail its rename), and a
// temporary file of the running writer was never deleted.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { DURATION_FILE_NAME } from '../../src/core/storage/duration-history';
import { runBuiltCli, startCli } from '../support/cli-process';
import { until } from '../support/until';
import { cliEnv } from '../cli/fixtures';

const CLI_RUNS = 4;

let fake: FakeImageKit;
let profile: string;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: Infinity });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-shared-history-'));
});
afterAll(async () => {
  await fake?.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

/** The app's history writer, started; resolves once it has recorded its first completion. */
async function startAppWriter(): Promise<{
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Once it has exited and its output is all read. */
  closed: Promise<void>;
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/drills/fixtures/history-writer.ts', profile],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': its last line ("done N") may still be in the pipe when it has exited.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.on('exit', () => reject(new Error(`the app's writer exited: ${output}`)));
    const poll = () => (output.includes('started') ? resolve() : setTimeout(poll, 20));
    poll();
  });
  return { child, output: () => output, closed };
}

describe('the CLI and the app writing one duration history', () => {
  it(
    'loses no completion of either, fails no write of the app, deletes no temporary file of it',
    { timeout: 90_000 },
    async () => {
      const app = await startAppWriter();
      // A temporary file of the running writer (its process ID in the name): never another's to delete.
      const liveTemporary = path.join(
        profile,
        `${DURATION_FILE_NAME}.tmp-${app.child.pid}-feedface`,
      );
      fs.writeFileSync(liveTemporary, '{"accounts":');

      const recordedByCli: string[] = [];
      for (let run = 0; run < CLI_RUNS; run++) {
        // Completed once the CLI has seen it Pending: it is recorded however late it started.
        const id = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
        const running = startCli(['wait', '--json', '--timeout', '30s', id], {
          env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile }),
        });
        await until(
          () => fake.requests.some((r) => r.requestId === id && r.responseStatus === 200),
          'a Pending answer',
        );
        fake.completePurge(id);
        const waited = await running.done;
        expect(waited.stderr).toBe('');
        expect(waited.code).toBe(0);
        recordedByCli.push(id);
        // `stats` reads alongside: a reader deletes nothing.
        const stats = await runBuiltCli(['stats', '--json'], {
          env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile }),
        });
        expect(stats.code).toBe(0);
      }

      app.child.stdin.end();
      await app.closed;
      const done = /^done (\d+)$/m.exec(app.output());
      expect(done, app.output()).not.toBeNull();
      expect(app.output()).not.toMatch(/^problem /m);

      const saved = JSON.parse(fs.readFileSync(path.join(profile, DURATION_FILE_NAME), 'utf8')) as {
        accounts: Record<string, Array<{ requestId?: string }>>;
      };
      const ids = new Set(
        Object.values(saved.accounts)
          .flat()
          .map((c) => c.requestId),
      );
      const appCount = Number(done![1]);
      // The history keeps each account's last 500: the app's most recent ones, and every CLI one.
      const appKept = Array.from(
        { length: Math.min(appCount, 500) },
        (_, n) => `app-${appCount - n}`,
      );
      expect(appKept.filter((id) => !ids.has(id))).toEqual([]);
      expect(recordedByCli.filter((id) => !ids.has(id))).toEqual([]);
      expect(fs.existsSync(liveTemporary)).toBe(true);
      expect(fs.existsSync(path.join(profile, `${DURATION_FILE_NAME}.lock`))).toBe(false);
    },
  );
});
