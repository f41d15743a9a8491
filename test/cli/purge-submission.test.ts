// The built `purge` submitting to the fake ImageKit: never twice. A POST whose connection is
// reset after it was sent may have made the purge, so it is reported as "may have been
// submitted" and not sent again; a 429 is waited out and sent again; a refused connection
// (nothing sent) is tried again; every network error names the host it tried. And the monthly
// quota guard: nothing is spent on a duplicate or a wildcard ImageKit refuses, more than
// --max-purges is refused without a terminal, and the ledger warns past 80 %. A ledger that is not
// JSON is moved aside, and a line says where (its count of the month starts again).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LEDGER_FILE_NAME, monthOf } from '../../src/core/storage/purge-ledger';
import type { FakeImageKit } from '../fake-imagekit/server';
import { startFakeImageKit } from '../fake-imagekit/server';
import { runBuiltCli, startCli } from '../support/cli-process';
import { until } from '../support/until';
import { cliEnv, deadBaseUrl } from './fixtures';

let fake: FakeImageKit;
beforeAll(async () => {
  fake = await startFakeImageKit({ completeAfterMs: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.resetRecords();
});

const posts = () => fake.requests.filter((request) => request.method === 'POST');
const URL_A = 'https://ik.imagekit.io/acme/site/app.js';

describe('purge: never twice', () => {
  it('a connection reset mid-POST is reported as maybe submitted, and not sent again', async () => {
    fake.inject('reset', { endpoint: 'submit' });
    const run = await runBuiltCli(['purge', '--json', URL_A], { env: cliEnv(fake) });
    expect(run.code).toBe(1);
    expect(posts()).toHaveLength(1);
    const host = new URL(fake.baseUrl).host;
    expect(run.json).toEqual([
      {
        url: URL_A,
        account: 'environment',
        mayHaveBeenSubmitted: true,
        error: {
          kind: 'transient',
          message: expect.stringMatching(
            new RegExp(`^Could not reach ImageKit \\(${host}\\): .+ may have been submitted`),
          ),
        },
      },
    ]);
    expect(run.stderr).toContain('it was not sent again');
  });

  it('a URL holding a terminal colour code (grep --color=always) is refused: exit 2, nothing sent', async () => {
    // Before, it was submitted as …/app%1B%5B31m.js, another path, and reported as app.js.
    const coloured = 'https://ik.imagekit.io/acme/site/\u001b[01;31mapp\u001b[0m.js';
    const run = await runBuiltCli(['purge', '--json', URL_A, coloured], { env: cliEnv(fake) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'purge-watch: "https://ik.imagekit.io/acme/site/␛[01;31mapp␛[0m.js" cannot be purged: contains an invisible character (U+001B), e.g. a terminal colour code\n',
    );
    expect(run.stdout).toBe('');
    expect(posts()).toHaveLength(0);
  });

  it('a 429 is waited out and the purge sent again: one purge made', async () => {
    fake.inject('rate_limited', { endpoint: 'submit', resetMs: 200 });
    const run = await runBuiltCli(['purge', URL_A], { env: cliEnv(fake) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(posts().map((post) => post.responseStatus)).toEqual([429, 201]);
    expect(run.lines).toEqual([expect.stringMatching(new RegExp(`^[0-9a-f]{24}  ${URL_A}$`))]);
  });

  it('SIGTERM while a POST is unanswered: that URL may have been submitted (and is counted), the rest were not sent', async () => {
    fake.inject('hang', { endpoint: 'submit' });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-stop-'));
    const URL_B = 'https://ik.imagekit.io/acme/site/b.js';
    const running = startCli(['purge', '--json', URL_A, URL_B], {
      env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile }),
    });
    await until(() => posts().length === 1, 'the first POST');
    running.child.kill('SIGTERM');
    const run = await running.done;
    expect(run.code).toBe(143);
    expect(posts()).toHaveLength(1);
    expect(run.json).toEqual([
      {
        url: URL_A,
        account: 'environment',
        mayHaveBeenSubmitted: true,
        error: {
          kind: 'interrupted',
          message: expect.stringMatching(
            /^interrupted by SIGTERM while it was being submitted\. The purge may have been submitted/,
          ),
        },
      },
      {
        url: URL_B,
        account: 'environment',
        error: {
          kind: 'interrupted',
          message: 'interrupted by SIGTERM before it was sent: not purged',
        },
      },
    ]);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringContaining(
        `purge-watch: ${URL_A}: interrupted by SIGTERM while it was being submitted.`,
      ),
      `purge-watch: interrupted by SIGTERM: 1 URL not sent: ${URL_B}`,
    ]);
    // The purge it may have made is counted against the month's quota.
    const ledger = JSON.parse(fs.readFileSync(path.join(profile, LEDGER_FILE_NAME), 'utf8'));
    expect(ledger.months[monthOf(Date.now())]).toEqual({ environment: 1 });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('stdout closed by its reader (`purge … | head -1`) while a POST is unanswered: exit 141, and stderr still says what may have been submitted and what was not sent', async () => {
    fake.inject('hang', { endpoint: 'submit' });
    const URL_B = 'https://ik.imagekit.io/acme/site/b.js';
    const running = startCli(['purge', URL_A, URL_B], { env: cliEnv(fake) });
    await until(() => posts().length === 1, 'the first POST');
    running.child.stdout.destroy();
    const run = await running.done;
    expect(run.code).toBe(141);
    expect(posts()).toHaveLength(1);
    // Not a quiet end: a script piping the IDs on would never learn that URL_B was not purged.
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^purge-watch: ${URL_A}: stopped: stdout was closed while it was being submitted\\. The purge may have been submitted`,
        ),
      ),
      `purge-watch: stopped: stdout was closed: 1 URL not sent: ${URL_B}`,
    ]);
  });

  it('a long 429 hold is said; SIGTERM during it: nothing was made, so nothing is counted', async () => {
    fake.inject('rate_limited', { endpoint: 'submit', resetMs: 3_600_000 });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-stop-'));
    const running = startCli(['purge', '--json', URL_A], {
      env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile }),
    });
    // Not silent for an hour: the hold is said as it starts.
    await running.seen(
      'stderr',
      'purge-watch: ImageKit answered 429: its rate limit holds purges for another 1h.\n',
    );
    running.child.kill('SIGTERM');
    const run = await running.done;
    expect(run.code).toBe(143);
    expect(run.json).toEqual([
      {
        url: URL_A,
        account: 'environment',
        error: {
          kind: 'interrupted',
          message: 'interrupted by SIGTERM before it was sent: not purged',
        },
      },
    ]);
    expect(fs.existsSync(path.join(profile, LEDGER_FILE_NAME))).toBe(false);
    fs.rmSync(profile, { recursive: true, force: true });
  });

  // Before, --timeout started only once every URL was submitted: a `purge --wait` step sat out the
  // hold (an hour, then another), whatever --timeout said. And without --wait, --timeout was
  // refused (exit 2): a script running `purge-watch purge URL` could not bound the hold at all.
  it.each([[['--wait']], [[] as string[]]])(
    'purge %j --timeout ends at its timeout during an hour-long 429 hold: the URLs said not sent, exit 1',
    async (wait) => {
      fake.inject('rate_limited', { endpoint: 'submit', resetMs: 3_600_000, times: Infinity });
      const URL_B = 'https://ik.imagekit.io/acme/site/app.css';
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-timeout-'));
      const run = await runBuiltCli(['purge', ...wait, '--json', '--timeout', '1s', URL_A, URL_B], {
        env: cliEnv(fake, { PURGE_WATCH_USER_DATA: profile }),
      });
      const notSent = {
        kind: 'timeout',
        message: '--timeout 1s reached before it was sent: not purged',
      };
      expect(run.code).toBe(1);
      expect(run.json).toEqual([
        { url: URL_A, account: 'environment', error: notSent },
        { url: URL_B, account: 'environment', error: notSent },
      ]);
      expect(run.stderr).toBe(
        'purge-watch: ImageKit answered 429: its rate limit holds purges for another 1h.\n' +
          `purge-watch: --timeout 1s reached: 2 URLs not sent: ${URL_A}, ${URL_B}\n`,
      );
      expect(posts()).toHaveLength(1);
      expect(fs.existsSync(path.join(profile, LEDGER_FILE_NAME))).toBe(false);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  );

  it('a refused connection (nothing sent) is tried again, and the error names the host', async () => {
    const dead = await deadBaseUrl();
    const run = await runBuiltCli(['purge', URL_A], {
      env: cliEnv(fake, { IMAGE_KIT_BASE_URL: dead }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `purge-watch: ${URL_A}: Could not reach ImageKit (${new URL(dead).host}): ECONNREFUSED. (temporary failure)\n`,
    );
  });
});

describe('purge --timeout after some URLs were accepted', () => {
  // Two submissions in 20 s on this fake: the third URL is held by a 429 for about 20 s.
  let limited: FakeImageKit;
  let profile: string;
  beforeEach(async () => {
    limited = await startFakeImageKit({
      completeAfterMs: 3_600_000,
      rateLimits: { submit: { limit: 2, intervalMs: 20_000 } },
    });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-timeout-'));
  });
  afterEach(async () => {
    await limited.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });
  const URLS = ['a.js', 'b.js', 'c.js'].map((name) => `https://ik.imagekit.io/acme/site/${name}`);

  it.each([[[] as string[]], [['--wait']]])(
    'purge %j: the IDs accepted before the time ran out are printed, the URL held by the 429 is said not sent, exit 1',
    async (wait) => {
      const run = await runBuiltCli(['purge', ...wait, '--json', '--timeout', '2s', ...URLS], {
        env: cliEnv(limited, { PURGE_WATCH_USER_DATA: profile }),
      });
      expect(run.code).toBe(1);
      const id = expect.stringMatching(/^[0-9a-f]{24}$/);
      const printed = [
        { requestId: id, account: 'environment', url: URLS[0] },
        { requestId: id, account: 'environment', url: URLS[1] },
        {
          url: URLS[2],
          account: 'environment',
          error: {
            kind: 'timeout',
            message: '--timeout 2s reached before it was sent: not purged',
          },
        },
      ];
      // With --wait, the wait gets no time: each ID accepted is said not checked yet.
      const notChecked = { kind: 'timeout', message: 'not checked yet after --timeout 2s' };
      const waited = [0, 1].map((n) => ({ ...printed[n], error: notChecked }));
      expect(run.json).toEqual(wait.length > 0 ? [...printed, ...waited] : printed);
      const [a, b] = run.json;
      expect(a!.requestId).not.toBe(b!.requestId);
      // The wait sent no status request for them.
      expect(limited.requests.filter((request) => request.method === 'GET')).toEqual([]);
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines).toEqual([
        expect.stringMatching(
          /^purge-watch: ImageKit answered 429: its rate limit holds purges for another 1\ds\.$/,
        ),
        `purge-watch: --timeout 2s reached: 1 URL not sent: ${URLS[2]}`,
        ...(wait.length > 0
          ? [a, b].map(
              (line) =>
                `purge-watch: ${String(line!.requestId)}: not checked yet after --timeout 2s (timed out)`,
            )
          : []),
      ]);
      // The two purges made are counted against the month's quota; the one not sent is not.
      const ledger = JSON.parse(fs.readFileSync(path.join(profile, LEDGER_FILE_NAME), 'utf8'));
      expect(ledger.months[monthOf(Date.now())]).toEqual({ environment: 2 });
    },
  );
});

describe('purge: the monthly quota guard', () => {
  let profile: string;
  beforeEach(() => {
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-quota-'));
  });
  afterEach(() => fs.rmSync(profile, { recursive: true, force: true }));
  const env = (extra: Record<string, string | undefined> = {}) =>
    cliEnv(fake, { PURGE_WATCH_USER_DATA: profile, ...extra });
  const urls = (count: number) =>
    Array.from({ length: count }, (_, n) => `https://ik.imagekit.io/acme/site/file-${n}.js`);

  it('refuses more than --max-purges (default 100) without a terminal: exit 2, zero POSTs', async () => {
    const run = await runBuiltCli(['purge', ...urls(101)], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "purge-watch: 101 URLs are more than --max-purges 100: nothing was sent. Each is one of the account's monthly purges; pass --max-purges 101 to submit them all.\n",
    );
    expect(fake.requests).toEqual([]);

    const few = await runBuiltCli(['purge', '--max-purges', '2', ...urls(3)], { env: env() });
    expect(few.code).toBe(2);
    expect(fake.requests).toEqual([]);

    const allowed = await runBuiltCli(['purge', '--max-purges', '3', ...urls(3)], { env: env() });
    expect(allowed.code).toBe(0);
    expect(posts()).toHaveLength(3);
  });

  it('drops duplicates and checks the wildcard rule before sending anything', async () => {
    const refused = await runBuiltCli(
      ['purge', 'https://ik.imagekit.io/acme/site/app.js', 'https://ik.imagekit.io/acme/*'],
      { env: env() },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /"https:\/\/ik\.imagekit\.io\/acme\/\*" cannot be purged: ImageKit refuses a trailing \*/,
    );
    expect(fake.requests).toEqual([]);

    // One URL spelled twice (the host's case, the default port): one purge.
    const twice = await runBuiltCli(
      ['purge', URL_A, 'https://IK.imagekit.io:443/acme/site/app.js'],
      { env: env() },
    );
    expect(twice.code).toBe(0);
    expect(posts()).toHaveLength(1);
  });

  it('counts each purge in the ledger, warns past 80 % how many are left, and stats shows the month', async () => {
    const month = monthOf(Date.now());
    fs.writeFileSync(
      path.join(profile, LEDGER_FILE_NAME),
      JSON.stringify({ months: { [month]: { environment: 850, other: 999 } } }),
    );
    const run = await runBuiltCli(['purge', URL_A, 'https://ik.imagekit.io/acme/site/b.js'], {
      env: env(),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'purge-watch: environment has submitted 852 of its 1,000 purges this month (counted on this machine): 148 left.\n',
    );
    const ledger = JSON.parse(fs.readFileSync(path.join(profile, LEDGER_FILE_NAME), 'utf8'));
    expect(ledger.months[month]).toEqual({ environment: 852, other: 999 });

    const stats = await runBuiltCli(['stats', '--json'], { env: env() });
    expect(stats.json).toMatchObject([
      { account: 'environment', purgesThisMonth: { month, submitted: 852, quota: 1000 } },
    ]);

    // Below 80 %: nothing said.
    fs.writeFileSync(path.join(profile, LEDGER_FILE_NAME), '{"months":{}}');
    const quiet = await runBuiltCli(['purge', URL_A], { env: env() });
    expect(quiet.stderr).toBe('');
  });
});

describe('purge: a ledger that is not JSON', () => {
  it('is moved aside before anything is sent, and one line names where it went (never what it held)', async () => {
    // A profile path with terminal escapes in it (a folder may be named so): said without them.
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'purge-watch-ledger-'));
    const profile = path.join(parent, 'profile\x1b]0;owned\x07\x1b[2J');
    fs.mkdirSync(profile);
    const ledgerPath = path.join(profile, LEDGER_FILE_NAME);
    const damaged = `{"months": {"2026-1 ${fake.privateKey} private-words \x1b[2J`;
    fs.writeFileSync(ledgerPath, damaged);
    try {
      const env = cliEnv(fake, { PURGE_WATCH_USER_DATA: profile });
      const run = await runBuiltCli(['purge', URL_A], { env });
      expect(run.code).toBe(0);
      expect(posts()).toHaveLength(1);
      const [movedTo, ...others] = fs
        .readdirSync(profile)
        .filter((name) => name.startsWith(`${LEDGER_FILE_NAME}.corrupt-`));
      expect(others).toEqual([]);
      expect(fs.readFileSync(path.join(profile, movedTo!), 'utf8')).toBe(damaged);
      const shown = path.join(parent, 'profile]0;owned[2J', movedTo!);
      expect(run.stderr).toBe(
        `purge-watch: the purge ledger was not JSON: it was moved to ${shown}, and this month's count of purges starts again from 0.\n`,
      );
      // The month's count starts again with this purge.
      const ledger = JSON.parse(fs.readFileSync(ledgerPath, 'utf8'));
      expect(ledger.months[monthOf(Date.now())]).toEqual({ environment: 1 });

      // stats, which only reads the ledger, moves a damaged one aside too, and says so.
      fs.writeFileSync(ledgerPath, damaged);
      const stats = await runBuiltCli(['stats'], { env });
      expect(stats.code).toBe(0);
      expect(stats.stderr).toMatch(
        /^purge-watch: the purge ledger was not JSON: it was moved to \S+purge-ledger\.json\.corrupt-\S+, and this month's count of purges starts again from 0\.\n$/,
      );
      expect(stats.stdout).toContain('0 of 1,000 purges submitted this month');
      for (const said of [run.stderr, stats.stderr]) {
        expect(said).not.toContain(fake.privateKey);
        expect(said).not.toContain('private-words');
        expect(said).not.toMatch(/\p{Cc}(?!$)/u);
      }
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
