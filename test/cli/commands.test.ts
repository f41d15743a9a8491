// The `purge-watch` command as scripts run it: the built executable in a subprocess, against the
// fake ImageKit server over real HTTP, one test per behaviour of the contract and every exit code
// (the progress line on a terminal: in-process, with a terminal stand-in for stderr).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeImageKit } from '../fake-imagekit/server';
import { objectIdAt, startFakeImageKit } from '../fake-imagekit/server';
import { runCli } from '../../src/cli/run';
import { systemClock } from '../../src/core/clock';
import type { Keychain } from '../../src/core/accounts/keychain';
import type { CliRun } from '../support/cli-process';
import { runBuiltCli, startCli } from '../support/cli-process';
import { IN_CI, warnSkipped } from '../support/ci';
import { probeSecretService, secretServiceHowToRun } from '../support/secret-service';
import { until } from '../support/until';
import { CLI_KEYCHAIN_SERVICE, cliEnv, deadBaseUrl } from './fixtures';

type Run = CliRun;

let fake: FakeImageKit;
const emptyProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-profile-'));
afterAll(() => fs.rmSync(emptyProfile, { recursive: true, force: true }));
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 300 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.resetRecords();
});

function cliEnvironment(extra: Record<string, string | undefined> = {}) {
  return cliEnv(fake, {
    // This session's bus: the `key` commands' tests use the real Secret Service.
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
    // An empty profile of its own: no duration history of whoever runs the tests, and none that
    // an earlier command here recorded.
    PURGE_WATCH_USER_DATA: fs.mkdtempSync(path.join(emptyProfile, 'run-')),
    ...extra,
  });
}

function cli(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<Run> {
  return runBuiltCli(args, { env: cliEnvironment(options.env), input: options.input ?? '' });
}

function expectNoStackOrKey(run: Run): void {
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout + run.stderr).not.toContain(fake.privateKey);
  expect(run.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
}

const done = () => fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 0 });
const never = () => fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: Infinity });
const UNKNOWN = '000000000000000000000001';

describe('purge-watch status', () => {
  it('prints each purge status and exits 0 when all were fetched', async () => {
    const [a, b] = [done(), never()];
    const run = await cli(['status', a, b.toUpperCase()]);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`${a}  Completed`, `${b}  Pending`]);
    expect(run.stderr).toBe('');
  });

  it('prints one JSON object per line with --json, and exits 1 when an ID is not found', async () => {
    const a = done();
    const run = await cli(['status', '--json', a, UNKNOWN]);
    expect(run.code).toBe(1);
    expect(run.json).toEqual([
      { requestId: a, account: 'environment', status: 'Completed' },
      {
        requestId: UNKNOWN,
        account: 'environment',
        error: { kind: 'not_found', message: 'No request found for this requestId.' },
      },
    ]);
  });

  it('puts results on stdout and each per-ID error on stderr, as `purge-watch: <id>: …`', async () => {
    const a = done();
    const run = await cli(['status', a, UNKNOWN]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${a}  Completed\n`);
    expect(run.stderr).toBe(
      `purge-watch: ${UNKNOWN}: No request found for this requestId. (not found)\n`,
    );
  });

  it('retries transient errors and honours a rate limit reset before giving an answer', async () => {
    const a = done();
    fake.inject('server_error', { status: 503 });
    fake.inject('rate_limited', { resetMs: 400 });
    const run = await cli(['status', a]);
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`${a}  Completed`]);
    const times = fake.requests.map((r) => r.at);
    expect(times).toHaveLength(3);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(400);
  });

  it('exits 1 after the retries when ImageKit keeps failing', async () => {
    const a = done();
    fake.inject('server_error', { times: 5 });
    const run = await cli(['status', a]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^purge-watch: ${a}: .+ \\(temporary failure\\)\n$`));
    expect(fake.requests).toHaveLength(3);
  });

  it('reads IDs from stdin with "-", e.g. the JSON the purge API returned', async () => {
    const a = done();
    const run = await cli(['status', '-'], { input: `{"requestId":"${a}"}\n` });
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([`${a}  Completed`]);
  });

  it('exits 2 without sending anything for an ID that is not one', async () => {
    const run = await cli(['status', done(), '598821f949c0a938d57563b']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^purge-watch: "598821f949c0a938d57563b" is not a request ID/);
    expect(fake.requests).toHaveLength(0);
    expectNoStackOrKey(run);
  });
});

describe('purge-watch wait', () => {
  it('waits until every purge completes, says how long each took, and exits 0', async () => {
    const a = never();
    const b = done();
    const running = startCli(['wait', a, b], { env: cliEnvironment() });
    // a is completed once the CLI has seen it Pending: its line then says how long it took.
    await until(
      () => fake.requests.some((r) => r.requestId === a && r.responseStatus === 200),
      'a Pending answer for a',
    );
    fake.completePurge(a);
    const run = await running.done;
    expect(run.code).toBe(0);
    // b was complete before anything was asked: its age would not be how long it took. Each line
    // comes as its purge is seen complete: on a busy machine a's second answer may come first.
    expect(run.lines).toHaveLength(2);
    expect(run.lines).toEqual(
      expect.arrayContaining([
        `${b}  Completed (already completed at the first answer)`,
        expect.stringMatching(new RegExp(`^${a}  Completed after \\d`)),
      ]),
    );
    expect(run.stderr).toBe(''); // piped: nothing decorative
  });

  it('--json marks a duration measured at the first answer as an upper bound', async () => {
    const a = done();
    const run = await cli(['wait', '--json', a]);
    expect(run.code).toBe(0);
    expect(run.json).toEqual([
      {
        requestId: a,
        account: 'environment',
        status: 'Completed',
        durationMs: expect.any(Number),
        alreadyCompleted: true,
        durationIsUpperBound: true,
      },
    ]);
  });

  it('exits 1 when a purge is not found, after the others finish', async () => {
    const run = await cli(['wait', '--json', done(), UNKNOWN]);
    expect(run.code).toBe(1);
    expect(run.json).toContainEqual({
      requestId: UNKNOWN,
      account: 'environment',
      error: { kind: 'not_found', message: 'No request found for this requestId.' },
    });
    expect(run.json.some((line) => line.status === 'Completed')).toBe(true);
  });

  it('exits 3 when --timeout passes, naming what is still pending', async () => {
    const a = never();
    const run = await cli(['wait', a, '--timeout', '1s', '--json']);
    expect(run.code).toBe(3);
    // It went on asking after the first Pending (every 100 ms at this poll scale) until the
    // timeout ended it, not at the first answer nor at an error.
    const checks = fake.requests.filter((r) => r.requestId === a);
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(checks.map((r) => r.responseStatus)).toEqual(checks.map(() => 200));
    expect(run.json).toEqual([
      {
        requestId: a,
        account: 'environment',
        status: 'Pending',
        error: { kind: 'timeout', message: 'still Pending after --timeout 1s' },
      },
    ]);
  });

  it('a purge that failed before --timeout passed wins: exit 1, so a script tolerating 3 still sees it', async () => {
    const pending = never();
    // Long enough for UNKNOWN's first answer on a machine whose cores are busy elsewhere.
    const run = await cli(['wait', UNKNOWN, pending, '--timeout', '5s', '--json']);
    expect(run.code).toBe(1);
    expect(run.json).toEqual([
      expect.objectContaining({
        requestId: UNKNOWN,
        error: expect.objectContaining({ kind: 'not_found' }),
      }),
      expect.objectContaining({
        requestId: pending,
        error: expect.objectContaining({ kind: 'timeout' }),
      }),
    ]);
  });

  it('keeps polling through 5xx, resets and garbled answers', async () => {
    const a = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 800 });
    fake.inject('server_error');
    fake.inject('reset');
    fake.inject('html');
    fake.inject('truncated');
    const run = await cli(['wait', a]);
    expect(run.code).toBe(0);
    expect(fake.requests.filter((r) => r.fault).length).toBe(4);
  });

  it('exits 2 for a --timeout that is not a duration', async () => {
    const run = await cli(['wait', done(), '--timeout', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--timeout "soon" is not a duration/);
  });
});

describe('purge-watch purge', () => {
  it('submits each URL and prints its request ID', async () => {
    const run = await cli([
      'purge',
      '--json',
      'https://ik.imagekit.io/demo/a.jpg',
      'https://ik.imagekit.io/demo/b/*',
    ]);
    expect(run.code).toBe(0);
    expect(run.json).toEqual([
      {
        url: 'https://ik.imagekit.io/demo/a.jpg',
        requestId: expect.stringMatching(/^[0-9a-f]{24}$/),
        account: 'environment',
      },
      {
        url: 'https://ik.imagekit.io/demo/b/*',
        requestId: expect.stringMatching(/^[0-9a-f]{24}$/),
        account: 'environment',
      },
    ]);
    expect(fake.requests.map((r) => r.body)).toEqual([
      { url: 'https://ik.imagekit.io/demo/a.jpg' },
      { url: 'https://ik.imagekit.io/demo/b/*' },
    ]);
  });

  it('without --wait sends nothing but the submissions, however soon a first check would be due', async () => {
    const urls = [1, 2, 3, 4, 5].map((n) => `https://ik.imagekit.io/demo/soon-${n}.jpg`);
    const run = await cli(['purge', ...urls], { env: { PURGE_WATCH_POLL_SCALE: '0.0001' } });
    expect(run.code).toBe(0);
    expect(fake.requests.map((r) => `${r.method} ${JSON.stringify(r.body)}`)).toEqual(
      urls.map((url) => `POST ${JSON.stringify({ url })}`),
    );
  });

  it('--wait then waits for the purges it submitted, and exits 0', async () => {
    const run = await cli(['purge', 'https://ik.imagekit.io/demo/c.jpg', '--wait']);
    expect(run.code).toBe(0);
    // The request ID first, on every line.
    expect(run.lines[0]).toMatch(/^[0-9a-f]{24} {2}https:\/\/ik\.imagekit\.io\/demo\/c\.jpg$/);
    expect(run.lines[1]).toMatch(
      /^[0-9a-f]{24} {2}https:\/\/ik\.imagekit\.io\/demo\/c\.jpg {2}Completed (after|within)/,
    );
  });

  it('exits 2 without sending anything when a URL is not http(s)', async () => {
    const run = await cli(['purge', 'https://ik.imagekit.io/demo/a.jpg', 'ftp://example.com/x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"ftp:\/\/example\.com\/x" cannot be purged: not an http\(s\) URL/);
    expect(fake.requests).toHaveLength(0);
  });

  it('exits 1 when ImageKit refuses a URL, with its message', async () => {
    fake.inject('http_error', {
      endpoint: 'submit',
      status: 400,
      message: 'The URL is not valid for cache purging.',
    });
    const run = await cli(['purge', 'https://ik.imagekit.io/x']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'purge-watch: https://ik.imagekit.io/x: The URL is not valid for cache purging. (rejected)\n',
    );
  });
});

describe('authentication and configuration', () => {
  it('exits 4 when the key is rejected, in one line on stderr without the key', async () => {
    const run = await cli(['status', done()], {
      env: { IMAGEKIT_PRIVATE_KEY: 'private_wrong_key' },
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toBe('purge-watch: Your account cannot be authenticated.\n');
    expect(run.stdout + run.stderr).not.toContain('private_wrong_key');
  });

  it('status --json and wait --json agree on a refused key: an object per ID, one stderr line', async () => {
    const id = never();
    const env = { IMAGEKIT_PRIVATE_KEY: 'private_wrong_key' };
    const status = await cli(['status', '--json', id], { env });
    const wait = await cli(['wait', '--json', id], { env });
    for (const run of [status, wait]) {
      expect(run.code).toBe(4);
      expect(run.json).toEqual([
        {
          requestId: id,
          account: 'environment',
          error: { kind: 'auth', message: 'Your account cannot be authenticated.' },
        },
      ]);
      expect(run.stderr).toBe('purge-watch: Your account cannot be authenticated.\n');
    }
  });

  it('exits 4 on a 401 while waiting', async () => {
    fake.inject('unauthorized');
    const run = await cli(['wait', never()]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/does not contain private API key/);
  });

  it('exits 4 without sending anything for a public key', async () => {
    const run = await cli(['status', done()], { env: { IMAGEKIT_PRIVATE_KEY: 'public_abcdef' } });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/This is the public API key/);
    expect(fake.requests).toHaveLength(0);
  });

  it('exits 2 without sending anything for a base URL that is not https', async () => {
    const run = await cli(['status', done()], {
      env: { IMAGE_KIT_BASE_URL: 'http://api.example.com' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/must use https/);
    expectNoStackOrKey(run);
  });

  it.each([
    [['frob']],
    [['status']],
    [['wait', '--bogus']],
    [['key', 'show']],
    [['status', 'x', '--wait']],
  ])('exits 2 with a usage line for %j', async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^purge-watch: .*\(run purge-watch --help for usage\)\n$/);
  });

  it('prints help and version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('purge-watch wait <request-id>...');
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

/**
 * A profile whose duration history holds these durations (ms) for this account (by default the
 * IMAGEKIT_PRIVATE_KEY account's, which these tests use).
 */
function profileWithHistory(durationsMs: number[], account = 'environment'): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-history-'));
  const completions = durationsMs.map((durationMs, n) => ({
    submittedAt: Date.now() - (n + 1) * 60 * 60_000,
    durationMs,
    submittedHere: true,
  }));
  fs.writeFileSync(
    path.join(directory, 'durations.json'),
    JSON.stringify({ accounts: { [account]: completions } }),
  );
  return directory;
}

const MINUTES = [1.2, 1.5, 1.8, 2, 2.2, 2.5, 2.8].map((m) => m * 60_000);

describe("estimates from the app's duration history", () => {
  it('status --json gives a pending purge expectedBy (ISO times), nothing for a completed one', async () => {
    const profile = profileWithHistory(MINUTES);
    try {
      const [a, b] = [done(), never()];
      const run = await cli(['status', '--json', a, b], {
        env: { PURGE_WATCH_USER_DATA: profile },
      });
      expect(run.code).toBe(0);
      const [completed, pending] = run.json as [
        object,
        { expectedBy: { earliest: string; latest: string } },
      ];
      expect(completed).toEqual({ requestId: a, account: 'environment', status: 'Completed' });
      const submittedAt = parseInt(b.slice(0, 8), 16) * 1000;
      expect(pending).toMatchObject({ requestId: b, status: 'Pending', longerThanUsual: false });
      const { earliest, latest } = pending.expectedBy;
      expect(Date.parse(earliest) - submittedAt).toBeCloseTo(1.38 * 60_000, -2); // p10
      expect(Date.parse(latest) - submittedAt).toBeCloseTo(2.62 * 60_000, -2); // p90
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it('a history holding absurd durations (a broken writer, a hand edit) is read without them', async () => {
    // 1e308 ms would put expectedBy past any date: status and wait crashed with a RangeError.
    const profile = profileWithHistory([...MINUTES.slice(0, 4), 1e308, 1e308]);
    try {
      const b = never();
      const status = await cli(['status', '--json', b], {
        env: { PURGE_WATCH_USER_DATA: profile },
      });
      expect(status.stderr).toBe('');
      expect(status.json).toEqual([{ requestId: b, account: 'environment', status: 'Pending' }]);
      const stats = await cli(['stats'], { env: { PURGE_WATCH_USER_DATA: profile } });
      expect(stats.stdout).toMatch(/^4 completed purges in the history/);
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it('a history that is not JSON is moved aside at once, and one line says where; a read-only stats too', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-cli-history-'));
    const file = path.join(profile, 'durations.json');
    fs.writeFileSync(file, '{"accounts": private-words');
    try {
      // Pending at its first check, completed after: its duration is one the history keeps.
      const id = never();
      const running = startCli(['wait', id], {
        env: cliEnvironment({ PURGE_WATCH_USER_DATA: profile }),
      });
      await until(
        () => fake.requests.some((r) => r.requestId === id && r.responseStatus === 200),
        'a Pending answer',
      );
      fake.completePurge(id);
      const run = await running.done;
      expect(run.code).toBe(0);
      const aside = fs.readdirSync(profile).filter((name) => name.includes('.corrupt-'));
      expect(aside).toEqual([expect.stringMatching(/^durations\.json\.corrupt-/)]);
      expect(fs.readFileSync(path.join(profile, aside[0]!), 'utf8')).toBe(
        '{"accounts": private-words',
      );
      expect(run.stderr).toBe(
        `purge-watch: the purge durations file was not JSON: it was moved to ${path.join(profile, aside[0]!)}, and the history of how long purges take starts again.\n`,
      );
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(saved.accounts.environment).toHaveLength(1);

      // stats writes nothing of its own, yet the damaged file goes at once, not "in a moment".
      fs.writeFileSync(file, '{ not json');
      const stats = await cli(['stats'], { env: { PURGE_WATCH_USER_DATA: profile } });
      expect(stats.code).toBe(0);
      const moved = fs
        .readdirSync(profile)
        .filter((name) => name.includes('.corrupt-') && name !== aside[0]);
      expect(moved).toHaveLength(1);
      expect(fs.readFileSync(path.join(profile, moved[0]!), 'utf8')).toBe('{ not json');
      expect(stats.stderr).toBe(
        `purge-watch: the purge durations file was not JSON: it was moved to ${path.join(profile, moved[0]!)}, and the history of how long purges take starts again.\n`,
      );
      expect(stats.stdout).toMatch(/^0 completed purges in the history/);
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it("wait's first check learns from the history: none before its quickest purge, one without it", async () => {
    // Scaled by PURGE_WATCH_POLL_SCALE 0.02: first check at 0.1 s without a history, and at
    // most 12 s (the longest gap, 10 min scaled) with one whose quickest purge took 1.2 min.
    const ask = async (env: Record<string, string>) => {
      const id = never();
      const run = await cli(['wait', '--timeout', '2s', id], { env });
      return { run, checks: fake.requests.filter((r) => r.requestId === id).length };
    };
    const profile = profileWithHistory(MINUTES);
    try {
      const learned = await ask({ PURGE_WATCH_USER_DATA: profile });
      expect(learned.checks).toBe(0);
      expect(learned.run.stderr).toMatch(/not checked yet after --timeout 2s/);
      const fresh = await ask({});
      expect(fresh.checks).toBeGreaterThan(0);
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it('without 5 completions in the history, says nothing', async () => {
    const profile = profileWithHistory(MINUTES.slice(0, 4));
    try {
      const b = never();
      const run = await cli(['status', '--json', b], { env: { PURGE_WATCH_USER_DATA: profile } });
      expect(run.json).toEqual([{ requestId: b, account: 'environment', status: 'Pending' }]);
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });
});

/** `wait` in this process with a terminal on stderr, against the fake, with this profile. */
async function waitOnTerminal(requestId: string, profile = emptyProfile) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['wait', requestId], {
    env: {
      IMAGE_KIT_BASE_URL: fake.baseUrl,
      IMAGEKIT_PRIVATE_KEY: fake.privateKey,
      PURGE_WATCH_POLL_SCALE: '0.02',
      PURGE_WATCH_USER_DATA: profile,
    },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: true },
    stdin: (async function* () {})(),
    fetch: (input, init) => fetch(input, init),
    keychain: {} as Keychain,
    clock: systemClock,
  });
  return { code, stdout, stderr };
}

describe('purge-watch stats', () => {
  // Sorted, in seconds: 20 45 50 70 80 90 100 110 120 130 150 170 200 400 (14 purges).
  // Median: rank 6.5 → (100 + 110) / 2 = 105 s; p90: rank 11.7 → 170 + 0.7 × 30 = 191 s;
  // p95: rank 12.35 → 200 + 0.35 × 200 = 270 s.
  const KNOWN = [120, 45, 20, 400, 70, 50, 80, 90, 100, 110, 130, 150, 170, 200].map(
    (s) => s * 1000,
  );

  it('prints count, median, p90, p95 and a histogram of a known history', async () => {
    const profile = profileWithHistory(KNOWN);
    try {
      const run = await cli(['stats'], { env: { PURGE_WATCH_USER_DATA: profile } });
      expect(run.code).toBe(0);
      expect(run.lines).toEqual([
        '14 completed purges',
        'median  1m 45s',
        'p90     3m 11s',
        'p95     4m 30s',
        `20s–30s  ${'█'.repeat(6).padEnd(30)}  1`,
        ` 30s–1m  ${'█'.repeat(12).padEnd(30)}  2`,
        `  1m–2m  ${'█'.repeat(30)}  5`,
        `  2m–3m  ${'█'.repeat(24).padEnd(30)}  4`,
        `  3m–5m  ${'█'.repeat(6).padEnd(30)}  1`,
        ` 5m–10m  ${'█'.repeat(6).padEnd(30)}  1`,
        expect.stringMatching(
          /^0 of 1,000 purges submitted this month \(\d{4}-\d\d UTC, counted on this machine\)$/,
        ),
      ]);
      const json = await cli(['stats', '--json'], { env: { PURGE_WATCH_USER_DATA: profile } });
      expect(json.json).toEqual([
        {
          account: 'environment',
          count: 14,
          medianMs: 105_000,
          p90Ms: 191_000,
          p95Ms: 270_000,
          histogram: [
            { fromMs: 20_000, toMs: 30_000, count: 1 },
            { fromMs: 30_000, toMs: 60_000, count: 2 },
            { fromMs: 60_000, toMs: 120_000, count: 5 },
            { fromMs: 120_000, toMs: 180_000, count: 4 },
            { fromMs: 180_000, toMs: 300_000, count: 1 },
            { fromMs: 300_000, toMs: 600_000, count: 1 },
          ],
          purgesThisMonth: {
            month: expect.stringMatching(/^\d{4}-\d\d$/),
            submitted: 0,
            quota: 1000,
          },
        },
      ]);
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it('says how many there are when too few for figures', async () => {
    const profile = profileWithHistory(KNOWN.slice(0, 4));
    try {
      const run = await cli(['stats', '--json'], { env: { PURGE_WATCH_USER_DATA: profile } });
      expect(run.json).toMatchObject([{ account: 'environment', count: 4 }]);
      const none = await cli(['stats'], {
        env: { PURGE_WATCH_USER_DATA: path.join(profile, 'x') },
      });
      expect(none.code).toBe(0);
      expect(none.stdout).toMatch(
        /^0 completed purges in the history .*: 5 are needed for figures/,
      );
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it("--account shows that account's purges; one with neither a key nor a history is a usage error", async () => {
    // The history of an account whose key is gone is still shown.
    const profile = profileWithHistory(KNOWN, 'staging');
    try {
      const env = { PURGE_WATCH_USER_DATA: profile };
      const staging = await cli(['stats', '--account', 'staging'], { env });
      expect(staging.code).toBe(0);
      expect(staging.lines.slice(0, 2)).toEqual([
        '14 completed purges of staging',
        'median  1m 45s',
      ]);
      const byVariable = await cli(['stats', '--json'], {
        env: { ...env, PURGE_WATCH_ACCOUNT: 'staging' },
      });
      expect(byVariable.json).toMatchObject([{ account: 'staging', count: 14 }]);
      // Without: the default account's (here the environment's), which has none.
      const plain = await cli(['stats', '--json'], { env });
      expect(plain.json).toMatchObject([{ account: 'environment', count: 0 }]);
      const unknown = await cli(['stats', '--account', 'work'], { env });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(
        /^purge-watch: No account is named "work": the accounts are environment/,
      );
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });
});

describe('progress on a terminal', () => {
  it("adds the account's usual range to the progress line", async () => {
    const profile = profileWithHistory(MINUTES);
    const a = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 1_300 });
    try {
      const { code, stderr } = await waitOnTerminal(a, profile);
      expect(code).toBe(0);
      expect(stderr).toMatch(
        /Waiting for 1 of 1 purge · \d+(ms|s) elapsed · usually done in 1–3 min/,
      );
    } finally {
      fs.rmSync(profile, { recursive: true });
    }
  });

  it('shows elapsed time and how many are pending on a TTY, then clears the line', async () => {
    const a = fake.addPurge(objectIdAt(Date.now()), { completeAfterMs: 1_300 });
    const { code, stdout, stderr } = await waitOnTerminal(a);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Waiting for 1 of 1 purge · \d+(ms|s) elapsed/);
    expect(stderr).not.toMatch(/usually/); // no history: no estimate
    expect(stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(stdout).toMatch(/Completed after/);
  });
});

const secretServiceProblem = await probeSecretService(CLI_KEYCHAIN_SERVICE);
if (secretServiceProblem) {
  warnSkipped('the CLI key tests', secretServiceProblem, secretServiceHowToRun());
}

describe.skipIf(secretServiceProblem !== undefined && !IN_CI)(
  'purge-watch key (real Secret Service)',
  () => {
    const noEnvKey = { IMAGEKIT_PRIVATE_KEY: undefined };

    it('stores a piped key, reports it, uses it, and deletes it', async () => {
      expect(secretServiceProblem).toBeUndefined();
      const set = await cli(['key', 'set'], { env: noEnvKey, input: `${fake.privateKey}\n` });
      expect(set.code).toBe(0);
      expect(set.stdout).toMatch(
        /^Stored the private key in the Secret Service keychain.*\. ImageKit accepted it\.\n$/,
      );
      expect(set.stdout + set.stderr).not.toContain(fake.privateKey);

      const status = await cli(['key', 'status', '--json'], { env: noEnvKey });
      expect(status.json).toEqual([
        { source: 'keychain', keychain: expect.stringContaining('Secret Service') },
      ]);

      const used = await cli(['status', done()], { env: noEnvKey });
      expect(used.code).toBe(0);

      const deleted = await cli(['key', 'delete'], { env: noEnvKey });
      expect(deleted.stdout).toMatch(/^Deleted the private key/);
      const none = await cli(['key', 'status'], { env: noEnvKey });
      expect(none.code).toBe(4);
      expect(none.stdout).toMatch(/not set/);
      const unauthenticated = await cli(['status', done()], { env: noEnvKey });
      expect(unauthenticated.code).toBe(4);
      // The command line's own way to a key, after the core's words.
      expect(unauthenticated.stderr).toBe(
        'purge-watch: No private API key is set. Set IMAGEKIT_PRIVATE_KEY or store one in the keychain.\n',
      );
    });

    it('key set asks ImageKit first: a refused key is exit 4 and nothing is stored', async () => {
      const refused = await cli(['key', 'set'], {
        env: noEnvKey,
        input: 'private_refused_by_imagekit_00\n',
      });
      expect(refused.code).toBe(4);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(
        /^purge-watch: ImageKit refused this key \(.+\): it was not stored\.\n$/,
      );
      expect(refused.stderr).not.toContain('private_refused');
      expect(fake.requests.map((request) => request.requestId)).toEqual([
        '000000000000000000000000',
      ]);
      expect((await cli(['key', 'status'], { env: noEnvKey })).code).toBe(4);

      // ImageKit cannot be reached: stored all the same, and said to be unchecked.
      const unchecked = await cli(['key', 'set'], {
        env: { ...noEnvKey, IMAGE_KIT_BASE_URL: await deadBaseUrl() },
        input: `${fake.privateKey}\n`,
      });
      expect(unchecked.code).toBe(0);
      expect(unchecked.stdout).toMatch(/^Stored the private key in .*\.\n$/);
      expect(unchecked.stdout).not.toContain('accepted');
      expect(unchecked.stderr).toMatch(
        /^purge-watch: the key was stored but not checked: Could not reach ImageKit/,
      );
      expect((await cli(['key', 'status'], { env: noEnvKey })).code).toBe(0);

      // --no-check sends nothing.
      fake.resetRecords();
      const skipped = await cli(['key', 'set', '--no-check'], {
        env: noEnvKey,
        input: 'private_refused_by_imagekit_00\n',
      });
      expect(skipped.code).toBe(0);
      expect(fake.requests).toEqual([]);
      await cli(['key', 'delete'], { env: noEnvKey });
    });

    it('refuses to store a public key (exit 2), keeping nothing', async () => {
      const set = await cli(['key', 'set'], { env: noEnvKey, input: 'public_abc123\n' });
      expect(set.code).toBe(2);
      expect(set.stderr).toMatch(/public API key/);
      const status = await cli(['key', 'status'], { env: noEnvKey });
      expect(status.code).toBe(4);
    });
  },
);
