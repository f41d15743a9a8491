// Drill: a hostile ImageKit (test/fake-imagekit/hostile.ts) against the real client, tracker and
// CLI over real HTTP on loopback. Nothing hangs (every exchange ends by its deadline, every
// command ends when its work ends), nothing is misfiled (only ImageKit's own answer says "not
// found", a returned ID is validated and normalised), nothing leaks (no control character and
// no key reaches what a user sees). No wall-clock assertion: a hang is caught by the test's
// own timeout, an end by an event.
import { spawn } from 'node:child_process';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../../src/cli/run';
import { systemClock } from '../../src/core/clock';
import type { FetchPort } from '../../src/core/imagekit/imagekit-client';
import type { StatusOutcome } from '../../src/core/imagekit/imagekit-answer';
import { ImageKitClient, MAX_BODY_BYTES } from '../../src/core/imagekit/imagekit-client';
import type { Keychain } from '../../src/core/accounts/keychain';
import { Tracker } from '../../src/core/tracking/tracker';
import type { HostileImageKit } from '../fake-imagekit/hostile';
import { startHostileImageKit, UPPER_CASE_ID } from '../fake-imagekit/hostile';
import { objectIdAt } from '../fake-imagekit/object-id';
import { CLI } from '../support/cli-process';
import { skipWithoutLoopback } from '../support/loopback';

const KEY = 'private_h0st1leDr1llK3y+/=';
const BASIC = Buffer.from(`${KEY}:`).toString('base64');
const ID = '598821f949c0a938d57563bd';
// Short enough that a stalled exchange ends quickly, long enough for a loaded loopback.
const CLIENT_TIMEOUT_MS = 1_500;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

// Once the headers are in and a garbage collection has run, undici no longer rejects an
// aborted response's text() (with redirect: 'error'): the body must be raced, not trusted.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const fetchThenCollect: FetchPort = async (input, init) => {
  const response = await fetch(input, init);
  collectGarbage();
  return response;
};

const skip = await skipWithoutLoopback('the hostile-server drill');

describe.skipIf(skip)('a hostile ImageKit', () => {
  let server: HostileImageKit;
  beforeAll(async () => {
    server = await startHostileImageKit();
  });
  afterAll(() => server.close());

  const client = (
    timeoutMs = CLIENT_TIMEOUT_MS,
    port: FetchPort = (input, init) => fetch(input, init),
  ) =>
    new ImageKitClient({
      fetch: (input, init) => port(input, init),
      privateKey: () => KEY,
      baseUrl: server.baseUrl,
      timeoutMs,
      userAgent: 'purge-watch-drill',
    });

  function errorOf(outcome: StatusOutcome | { ok: boolean; error?: unknown }) {
    if (outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
    return (outcome as { error: { kind: string; message: string } }).error;
  }

  function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      IMAGE_KIT_BASE_URL: server.baseUrl,
      IMAGEKIT_PRIVATE_KEY: KEY,
      PURGE_WATCH_POLL_SCALE: '0.02',
      ...extra,
    };
  }

  /** The command in process, as a script sees its output. */
  async function inProcess(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: cliEnv(),
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: (async function* () {})(),
      fetch: (input, init) => fetch(input, init),
      keychain: {} as Keychain,
      clock: systemClock,
    });
    return { code, stdout, stderr };
  }

  /** The built executable: resolves when the process has exited, whenever that is. */
  function executable(
    args: string[],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...cliEnv() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      // A run that never ends fails its test by the test's timeout, and is not left running.
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
    });
  }

  describe('hangs', () => {
    it('ends a status request whose body stalls after the headers, and closes the connection', async () => {
      server.setMode('headers-then-stall');
      const error = errorOf(await client(CLIENT_TIMEOUT_MS, fetchThenCollect).getPurgeStatus(ID));
      expect(error.kind).toBe('transient');
      expect(error.message).toMatch(/did not answer within/);
      await server.allClosed();
    });

    it('ends a status request whose body drips a space at a time', async () => {
      server.setMode('drip', { dripMs: 50 });
      const error = errorOf(await client(CLIENT_TIMEOUT_MS, fetchThenCollect).getPurgeStatus(ID));
      expect(error).toMatchObject({ kind: 'transient' });
      await server.allClosed();
    });

    it('refuses a huge body without reading it all', async () => {
      server.setMode('huge-body', { hugeBytes: 50e6 });
      const error = errorOf(await client(30_000).getPurgeStatus(ID));
      expect(error.kind).toBe('protocol');
      expect(error.message).toMatch(/larger than 64 KiB/);
      await server.allClosed();
      expect(server.bytesSent).toBeLessThan(50e6);
    });

    it('refuses a valid status padded past the size cap', async () => {
      server.setMode('space-padded', { hugeBytes: MAX_BODY_BYTES * 4 });
      const error = errorOf(await client(30_000).getPurgeStatus(ID));
      expect(error.kind).toBe('protocol');
    });

    it('`wait --timeout` exits once its timeout passes, though the body stalls', async () => {
      server.setMode('headers-then-stall');
      const run = await executable(['wait', '--json', '--timeout', '2s', ID]);
      expect(run.code).toBe(3);
      expect(JSON.parse(run.stdout.trim())).toMatchObject({ error: { kind: 'timeout' } });
    }, 60_000);

    it('`wait --timeout` aborts the request in flight when the server never answers', async () => {
      server.setMode('silent');
      const run = inProcess(['wait', '--timeout', '1s', ID]);
      // The request reached the server…
      while (server.requestsInFlight === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await run).code).toBe(3);
      // …and does not outlive the command (the client's own 15 s deadline is not waited for).
      await server.allClosed();
    }, 10_000);
  });

  // Node cannot arm a timer past 2^31 - 1 ms: it fires it after 1 ms with a warning, and a
  // scheduler re-arming for the time left would spin. No run may print that warning.
  describe('rate limits', () => {
    const ids = Array.from({ length: 12 }, (_, i) => objectIdAt(Date.now() - i * 1000));

    it('`status` ignores an allowance of 1 request per 10^10 ms, says so once, and ends at its own pace', async () => {
      server.setMode('advertised-limit', { rateLimit: { limit: '1', intervalMs: '1e10' } });
      const run = await executable(['status', ...ids]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n')).toEqual(ids.map((id) => `${id}  Pending`));
      expect(run.stderr).not.toContain('TimeoutOverflowWarning');
      expect(run.stderr).toBe(
        'purge-watch: ImageKit advertised a rate limit of one request every 115d 17h, less than any account plausibly allows (one every 10s): it is ignored, and checks keep their own pace.\n',
      );
    }, 60_000);

    it('`status` ignores an allowance of 1e308 requests per 1e-300 ms (an infinite rate) and says so once', async () => {
      server.setMode('advertised-limit', { rateLimit: { limit: '1e308', intervalMs: '1e-300' } });
      const asked = ids.slice(0, 4);
      const run = await executable(['status', ...asked]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n')).toEqual(asked.map((id) => `${id}  Pending`));
      expect(run.stderr).toBe(
        'purge-watch: ImageKit advertised a rate limit of more than a million requests a second, more than any account plausibly allows (1,000 a second): it is ignored, and checks keep their own pace.\n',
      );
    }, 60_000);

    it('`wait` under 429s until its --timeout says the rate limit held every check, not only "not checked yet"', async () => {
      server.setMode('rate-limited', { resetMs: '3600000' });
      const run = await executable(['wait', '--json', '--timeout', '5s', ids[0]!]);
      expect(run.code).toBe(3);
      const message =
        "not checked yet after --timeout 5s: ImageKit's rate limit (HTTP 429) held every check (last answer: Too many requests)";
      expect(JSON.parse(run.stdout.trim())).toEqual({
        requestId: ids[0],
        account: 'environment',
        error: { kind: 'timeout', message },
      });
      expect(run.stderr).toContain(`purge-watch: ${ids[0]}: ${message} (timed out)\n`);
    }, 60_000);

    it("`status` under 429s with an hour's reset answers each ID at once: rate limited (exit 1)", async () => {
      server.setMode('rate-limited', { resetMs: '3600000' });
      const asked = ids.slice(0, 3);
      const run = await executable(['status', '--json', ...asked]);
      expect(run.code).toBe(1);
      const message =
        "ImageKit's rate limit holds requests for another 1h; status waits at most 30s for it: ask again then, or use purge-watch wait.";
      expect(run.stderr).toBe(`purge-watch: ${message}\n`);
      expect(
        run.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as unknown),
      ).toEqual(
        asked.map((requestId) => ({
          requestId,
          account: 'environment',
          error: { kind: 'rate_limited', message },
        })),
      );
    }, 60_000);
  });

  describe('misfiled answers', () => {
    it.each(['proxy-404', 'proxy-400'] as const)(
      'a %s HTML page is a protocol error, retried: the purge stays pending',
      async (mode) => {
        server.setMode(mode);
        const error = errorOf(await client().getPurgeStatus(ID));
        expect(error.kind).toBe('protocol');
        expect(error.message).toMatch(/not ImageKit's/);

        const tracker = new Tracker({ accounts: [{ name: 'default', api: client() }] });
        tracker.start();
        await tracker.add(ID);
        tracker.checkNow([ID]);
        while ((tracker.get(ID)?.checks ?? 0) === 0) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(tracker.get(ID)).toMatchObject({
          state: 'pending',
          lastError: { kind: 'protocol' },
        });
        tracker.close();
      },
    );

    it('a returned ID that is not a request ID is a protocol error, not an accepted purge', async () => {
      server.setMode('bad-id');
      const error = errorOf(await client().submitPurge('https://ik.imagekit.io/demo/a.jpg'));
      expect(error.kind).toBe('protocol');
      expect(error.message).toMatch(/not a request ID/);

      const tracker = new Tracker({ accounts: [{ name: 'default', api: client() }] });
      tracker.start();
      const [result] = await tracker.submit(['https://ik.imagekit.io/demo/a.jpg'], 'default');
      expect(result?.requestId).toBeUndefined();
      expect(result?.error?.kind).toBe('protocol');
      expect(tracker.list()).toEqual([]);
      tracker.close();
    });

    it('a returned ID in upper case is lowercased, and `purge --wait` ends when it completes', async () => {
      server.setMode('upper-case-id');
      const submitted = await client().submitPurge('https://ik.imagekit.io/demo/a.jpg');
      expect(submitted).toEqual({ ok: true, requestId: UPPER_CASE_ID.toLowerCase() });

      const run = await inProcess([
        'purge',
        '--json',
        '--wait',
        '--timeout',
        '30s',
        'https://ik.imagekit.io/demo/a.jpg',
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(UPPER_CASE_ID.toLowerCase());
    }, 20_000);

    it('a request ID already tracked, returned for another URL, is not taken as its purge: said, exit 1', async () => {
      server.setMode('bad-id', { returnedId: ID });
      const [a, b] = ['https://ik.imagekit.io/demo/a.jpg', 'https://ik.imagekit.io/demo/b.jpg'];
      const tracker = new Tracker({ accounts: [{ name: 'default', api: client() }] });
      const [first, second] = await tracker.submit([a, b], 'default');
      expect(first).toEqual({ url: a, requestId: ID });
      expect(second).toMatchObject({
        url: b,
        mayHaveBeenSubmitted: true,
        error: { kind: 'protocol' },
      });
      expect(second?.requestId).toBeUndefined();
      tracker.close();

      const run = await inProcess(['purge', '--json', '--wait', '--timeout', '30s', a, b]);
      expect(run.code).toBe(1);
      const results = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(results).toContainEqual(
        expect.objectContaining({ url: b, mayHaveBeenSubmitted: true, error: expect.anything() }),
      );
      // Only a's purge is followed to its end; b's never shows as completed under a's ID.
      const completed = results.filter((result) => result.status === 'Completed');
      expect(completed).toEqual([expect.objectContaining({ url: a, requestId: ID })]);
    }, 20_000);

    it('an old purge whose first answer is Pending is given up, never "not found"', async () => {
      server.setMode('pending');
      const old = objectIdAt(Date.now() - 3 * 24 * 60 * 60_000);
      const run = await inProcess(['wait', '--json', '--timeout', '20s', old]);
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout.trim()) as { error: { kind: string; message: string } };
      expect(result.error.kind).toBe('given_up');
      expect(result.error.message).toMatch(/^still Pending \S+ after submission$/);
    }, 20_000);
  });

  describe('leaks and injection', () => {
    it('strips escape sequences and line breaks from a status, in the client and on the terminal', async () => {
      server.setMode('control-status');
      const outcome = await client().getPurgeStatus(ID);
      expect(outcome.ok).toBe(true);
      const status = (outcome as { status: string }).status;
      expect(status).not.toMatch(CONTROL);
      expect(status.startsWith('Completed')).toBe(true);

      const run = await inProcess(['status', ID]);
      expect(run.stdout.replace(/\n/g, '')).not.toMatch(CONTROL);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
    });

    it('strips escape sequences and forged lines from an error message', async () => {
      server.setMode('control-message');
      const error = errorOf(await client().getPurgeStatus(ID));
      expect(error.message).not.toMatch(CONTROL);
      const run = await inProcess(['status', ID]);
      expect((run.stdout + run.stderr).replace(/\n/g, '')).not.toMatch(CONTROL);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
    });

    it('scrubs the key (as sent and in its Basic form) from a status and an error message', async () => {
      server.setMode('key-echo');
      const outcome = await client().getPurgeStatus(ID);
      const submitted = await client().submitPurge('https://ik.imagekit.io/demo/a.jpg');
      const seen = JSON.stringify([outcome, submitted]);
      expect(seen).toContain('[private key]');
      expect(seen).not.toContain(KEY);
      expect(seen).not.toContain(BASIC);

      const run = await inProcess(['status', ID]);
      expect(run.stdout).toMatch(/^\S+ {2}Pending \[private key\]/);
      expect(run.stdout + run.stderr).not.toContain(KEY);
    });
  });
});
