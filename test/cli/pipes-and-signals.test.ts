// The built CLI in a pipeline whose reader goes away (`| head -1`) and under Ctrl-C / SIGTERM
// (Ctrl-Break on Windows):
// it ends quietly with the signal's conventional code (141, 130, 143), never a stack trace,
// and a stopped `wait` says on stderr what was still pending. A closed stdout is noticed while
// nothing is written (a purge that never completes). Not on a terminal, a wait prints a
// progress line every --progress-every on stderr (a CI log that stays silent is killed). Stopped
// while its stdout is a full pipe nobody reads, it still ends with the signal's code.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { CLI, CTRL_BREAK_PRELOAD, startCli } from '../support/cli-process';
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

  it('wait --json with its stdout closed ends with 141 while nothing completes', async () => {
    const [first, never] = [completed(), pending()];
    const running = startCli(['wait', '--json', '--timeout', '10m', first, never], {
      env: cliEnv(fake),
    });
    await running.seen('stdout', '\n');
    running.child.stdout.destroy();
    // Never completes: only watching the closed stdout can end it, long before --timeout.
    const run = await running.done;
    expect(run.code).toBe(141);
    expect(run.stderr).toBe('');
  });

  it(
    'in a shell, `wait … | head -1` ends with 141 while a purge never completes',
    { timeout: 20_000 },
    async () => {
      const [first, never] = [completed(), pending()];
      const env = Object.fromEntries(
        Object.entries(cliEnv(fake)).filter(([, value]) => value !== undefined),
      ) as Record<string, string>;
      const shell = spawn(
        'bash',
        [
          '-c',
          `"${process.execPath}" "${CLI}" wait --timeout 10m ${first} ${never} | head -1; echo "exit \${PIPESTATUS[0]}" >&2`,
        ],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise((resolve) => shell.on('close', resolve));
      expect(stdout).toBe(`${first}  Completed (already completed at the first answer)\n`);
      expect(stderr).toBe('exit 141\n');
    },
  );
});

describe.skipIf(!fs.existsSync('/dev/full'))('stdout that cannot be written (a full disk)', () => {
  /** The built CLI with its stdout on /dev/full, where every write fails with ENOSPC. */
  const toFullDisk = async (args: string[]) => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: cliEnv(fake) as NodeJS.ProcessEnv,
        stdio: ['ignore', full, 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      return { code, stderr };
    } finally {
      fs.closeSync(full);
    }
  };

  it('status whose results were lost exits 1 and says so, never 0', async () => {
    const run = await toFullDisk(['status', completed()]);
    expect(run).toEqual({
      code: 1,
      stderr: 'purge-watch: stdout could not be written (ENOSPC): results were lost\n',
    });
  });

  it('wait stops at its first lost result: exit 1 and said, not 141 as for a reader gone', async () => {
    const run = await toFullDisk(['wait', '--json', '--timeout', '10m', completed(), pending()]);
    expect(run).toEqual({
      code: 1,
      stderr: 'purge-watch: stdout could not be written (ENOSPC): results were lost\n',
    });
  });
});

describe('progress in a log (stderr not a terminal)', () => {
  it('prints a line every --progress-every: pending, for how long, the longest, the last error', async () => {
    const [older, newer] = [
      fake.addPurge(objectIdAt(Date.now() - 120_000), { completeAfterMs: Infinity }),
      pending(),
    ];
    fake.inject('server_error', {
      requestId: newer,
      times: Infinity,
      message: 'Down for a moment.',
    });
    const running = startCli(['wait', '--progress-every', '200ms', newer, older], {
      env: cliEnv(fake),
    });
    await running.seen('stderr', /last error/);
    running.child.kill('SIGTERM');
    const run = await running.done;
    const progress = run.stderr.split('\n').filter((line) => line.includes('still pending after'));
    expect(progress[0]).toMatch(
      new RegExp(
        `^purge-watch: 2 of 2 purges still pending after \\S+; longest pending: ${older} \\(2m( \\d+s)? since submission\\)(; last error: Down for a moment\\.)?$`,
      ),
    );
    expect(progress.at(-1)).toMatch(/; last error: Down for a moment\.$/);
    expect(run.stdout).toBe('');
  });

  it('--progress none prints nothing; --progress lines prints lines with --json too', async () => {
    const waiting = pending();
    const quiet = startCli(['wait', '--progress', 'none', '--progress-every', '100ms', waiting], {
      env: cliEnv(fake),
    });
    await until(() => answered(waiting), 'a check of the pending purge');
    quiet.child.kill('SIGTERM');
    expect((await quiet.done).stderr).toMatch(/^purge-watch: interrupted by SIGTERM/);

    const json = startCli(
      ['wait', '--json', '--progress', 'lines', '--progress-every', '100ms', waiting],
      { env: cliEnv(fake) },
    );
    await json.seen('stderr', /still pending after/);
    json.child.kill('SIGTERM');
    const run = await json.done;
    expect(run.json).toHaveLength(1); // stdout holds the results only
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
    expect(run.lines).toEqual([`${done}  Completed (already completed at the first answer)`]);
    expect(run.stderr).toBe(
      `purge-watch: interrupted by SIGINT: 1 of 2 purges still pending: ${waiting}\n`,
    );
  });

  it('SIGHUP (its terminal closed) exits 129, names what was pending, and writes the durations it saw', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-hangup-'));
    try {
      // Pending at its first check, completed after: a duration the history keeps.
      const [seen, waiting] = [pending(), pending()];
      const running = startCli(['wait', seen, waiting], {
        env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile }),
      });
      await until(() => answered(seen) && answered(waiting), 'a check of both purges');
      fake.completePurge(seen);
      await running.seen('stdout', seen);
      running.child.kill('SIGHUP');
      const run = await running.done;
      expect(run.code).toBe(129);
      expect(run.stderr).toBe(
        `purge-watch: interrupted by SIGHUP: 1 of 2 purges still pending: ${waiting}\n`,
      );
      const history = JSON.parse(fs.readFileSync(path.join(profile, 'durations.json'), 'utf8'));
      expect(Object.values(history.accounts).flat()).toEqual([
        expect.objectContaining({ requestId: seen }),
      ]);
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it("Windows' Ctrl-Break (SIGBREAK, the runner's second cancel signal there) stops it as SIGTERM does: 143, naming what was pending", async () => {
    const waiting = pending();
    const running = startCli(['wait', waiting], {
      env: cliEnv(fake, { NODE_OPTIONS: `--import=${CTRL_BREAK_PRELOAD}` }),
    });
    await until(() => answered(waiting), 'a check of the pending purge');
    running.child.kill('SIGUSR2'); // stands in for Ctrl-Break: test/fixtures/ctrl-break.mjs
    const run = await running.done;
    expect(run.code).toBe(143);
    expect(run.stderr).toBe(
      `purge-watch: interrupted by SIGTERM: 1 of 1 purge still pending: ${waiting}\n`,
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

describe.skipIf(process.platform === 'win32')('a stdout pipe that nobody reads', () => {
  /**
   * The built CLI with its stdout on a pipe (a FIFO held open, never read: `| sleep 1000`) that
   * fills up: more than a pipe holds is written to it.
   */
  const intoUnreadPipe = async (args: string[]) => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-unread-'));
    const fifo = path.join(folder, 'stdout');
    execFileSync('mkfifo', [fifo]);
    // Read and write: the open does not wait for a reader, and a reader is there (this one).
    const unread = fs.openSync(fifo, 'r+');
    const child = spawn(process.execPath, [CLI, ...args], {
      env: cliEnv(fake) as NodeJS.ProcessEnv,
      stdio: ['ignore', unread, 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
      child.on('close', (code) => {
        fs.closeSync(unread);
        fs.rmSync(folder, { recursive: true });
        resolve({ code, stderr });
      }),
    );
    return { child, done };
  };
  /** More request IDs ImageKit knows nothing of than a pipe holds objects for (64 KiB). */
  const unknownIds = () => Array.from({ length: 600 }, () => objectIdAt(Date.now()));
  const allAsked = (ids: string[]) => () => {
    const asked = new Set(fake.requests.map((r) => r.requestId));
    return ids.every((id) => asked.has(id));
  };

  it('SIGTERM ends a status whose results wait for the reader: 143, not a hang', async () => {
    const ids = unknownIds();
    const running = await intoUnreadPipe(['status', '--json', ...ids]);
    await until(allAsked(ids), 'every ID asked');
    // Its work is done; only its last results are still to leave.
    running.child.kill('SIGTERM');
    const run = await running.done;
    expect(run.code).toBe(143);
  });

  it('Ctrl-C stops a wait writing into it: 130, and the pending purge named on stderr', async () => {
    const ids = unknownIds();
    const waiting = pending();
    const running = await intoUnreadPipe(['wait', '--json', waiting, ...ids]);
    await until(allAsked([waiting, ...ids]), 'every ID asked');
    running.child.kill('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      `purge-watch: interrupted by SIGINT: 1 of ${ids.length + 1} purges still pending: ${waiting}\n`,
    );
  });
});

describe('signals while status waits for an answer', () => {
  /**
   * `status [flags] <answered> <never answered>`, stopped by `signal` once the first is printed
   * and the second asked.
   */
  const interrupted = async (flags: string[], signal: NodeJS.Signals) => {
    const [done, hanging] = [completed(), pending()];
    fake.inject('hang', { requestId: hanging, times: Infinity });
    const running = startCli(['status', ...flags, done, hanging], { env: cliEnv(fake) });
    await running.seen('stdout', done);
    await until(
      () => fake.requests.some((r) => r.requestId === hanging),
      'a status request for the unanswered ID',
    );
    running.child.kill(signal);
    const run = await running.done;
    fake.clearFaults();
    return { run, done, hanging };
  };

  it('Ctrl-C (SIGINT) exits 130 and names the IDs not answered, on stderr', async () => {
    const { run, done, hanging } = await interrupted([], 'SIGINT');
    expect(run.code).toBe(130);
    expect(run.lines).toEqual([`${done}  Completed`]);
    expect(run.stderr).toBe(
      `purge-watch: interrupted by SIGINT: 1 of 2 request IDs not answered: ${hanging}\n`,
    );
  });

  it('SIGTERM exits 143; with --json the ID not answered is an object on stdout', async () => {
    const { run, done, hanging } = await interrupted(['--json'], 'SIGTERM');
    expect(run.code).toBe(143);
    const message = `interrupted by SIGTERM: 1 of 2 request IDs not answered: ${hanging}`;
    expect(run.json).toEqual([
      { requestId: done, account: 'environment', status: 'Completed' },
      { requestId: hanging, account: 'environment', error: { kind: 'interrupted', message } },
    ]);
    expect(run.stderr).toBe(`purge-watch: ${message}\n`);
  });
});
